// How every browser test and benchmark starts headless Chromium: Debian's chromium (the
// CHROMIUM variable overrides it) with a profile of the caller's, and nothing that talks
// to the network by itself (no QUIC, background networking, component updates or sync), so
// a test that records every request sees only the page's own.

import { chromium } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** `chromium.launchPersistentContext` with the flags above; `options.args` are added to them. */
export function launchChromium(userDir, options = {}) {
  return chromium.launchPersistentContext(userDir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    ...options,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
}
