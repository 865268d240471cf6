// Run before content/content.js only by the always-on registration (background.js): tells
// the content script it was loaded with the page of an always-on site, not by a click.
globalThis[Symbol.for('newsmark.extension.auto')] = true;
