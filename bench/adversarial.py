#!/usr/bin/env python3
"""Adversarial inputs for the release CLI: does any input make newsmark slower than
linear, or hungrier for memory than ordinary news, or make it crash?

For every family of generated text (`--list` names them) and every size, the script
writes the text to a file of exactly that many bytes and runs
`newsmark analyze FILE > /dev/null` as a child, R times. For each run it reads the
child's CPU time (user + sys) and peak resident set (ru_maxrss) from os.wait4.

  seconds    min over the runs of CPU time, less the start-up cost (the same
             measurement on an empty file): model loading would otherwise hide growth
             at small sizes.
  peak MB    min over the runs of ru_maxrss.
  B/B        peak bytes per input byte.
  extra      peak/size of the family less peak/size of ordinary news at that size.
  ratio      time at this size over time at the previous size (4x the input), each
             time first raised to the floor below.

A family fails (exit status 1) when
  - ratio > 5 (sizes 4x apart; for another step f the limit is 1.25 f): superlinear;
    when valgrind is installed, growth is judged by the instructions the CLI executes,
    counted by its callgrind tool (less the start-up's): exact and the same on a loaded
    machine, where CPU-time ratios read x3.7-7.4 at 64 KB -> 256 KB for families whose
    counts read x3.96-4.02, and plain news itself read x5.3-6.0 in two of five full
    runs on an idle machine (the time ratio is still printed, as `raw`). Without
    valgrind (or with --no-instructions) time is judged; with --quick the limit is then
    the larger of 5 and 1.25 x news's own raw time ratio at the same step (at most 8);
  - extra > 64 bytes of peak memory per input byte;
  - a run uses more than the CPU limit (120 s, 30 s with --quick; it is killed) or
    more than the address-space cap (2 GB, or 512 bytes per byte of the largest size
    if more: the CLI's allocation fails), so that a quadratic family cannot take the
    shared machine down; larger sizes are skipped;
  - the CLI exits non-zero or dies of a signal.

Noise. The machine this runs on is shared; CPU time moves by a quarter from minute to
minute. The min of several runs removes most of that, and the sizes of one family are
measured in alternation, so a ratio compares runs made in the same phase. Below about
50 ms the noise is as large as the signal: in one --quick run on this 2-core machine
shared with other jobs, the empty-file run took 20-28 ms, ordinary news at 64 KB
39-58 ms (so 19-38 ms after start-up) and at 256 KB 94-142 ms. Each time is
therefore raised to FLOOR_S (50 ms) before a ratio is taken: a ratio can then only
fail when the larger run takes more than 5 x 50 ms = 250 ms of CPU beyond start-up,
far beyond what noise adds to a run that short. The price: a family that goes from
10 ms to 160 ms passes at those sizes; the next size up, at seconds, catches it.

Peak memory. Linux carries the resident set a forked child inherits into its
ru_maxrss at exec, so the CLI's peak would read at least its launcher's. The CLI is
therefore started by a minimal `python3 -S -E` launcher (about 6 MB inherited, under
the CLI's 13 MB start-up peak; both are printed), and the inputs are generated in
forked children that exit, not in a long-lived process.

Stdlib only; runs on a fresh machine with Python 3.8 or later.

  bench/adversarial.py [--quick] [--families a,b] [--list] [--json out.json]
                       [--bin target/release/newsmark] [--reps R] [--timeout S]
                       [--mem-limit MB] [--sizes 256K,1M,4M] [--verbose]
"""
import argparse
import concurrent.futures
import datetime
import json
import os
import re
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KB = 1024
MB = 1024 * 1024
FULL_SIZES = [256 * KB, 1 * MB, 4 * MB]
QUICK_SIZES = [64 * KB, 256 * KB]
FLOOR_S = 0.050  # see the module doc: times below this are raised to it before a ratio
RATIO_PER_4X = 5.0  # a ratio above this for 4x the input fails (linear is 4)
EXTRA_BYTES_PER_BYTE = 64  # peak memory per input byte over ordinary news that fails
LONG_RUN_S = 30.0  # a run this long is not repeated: its noise is far below the margins


# ---------------------------------------------------------------------------
# Deterministic generation
# ---------------------------------------------------------------------------


class Rng:
    """xorshift64*: the same sequence on every Python version and machine (the stdlib
    `random` module promises no stable sequence for `choice` across versions)."""

    def __init__(self, seed):
        self.s = (seed * 0x9E3779B97F4A7C15 + 1) & 0xFFFFFFFFFFFFFFFF

    def next(self):
        x = self.s
        x ^= x >> 12
        x ^= (x << 25) & 0xFFFFFFFFFFFFFFFF
        x ^= x >> 27
        self.s = x
        return (x * 0x2545F4914F6CDD1D) & 0xFFFFFFFFFFFFFFFF

    def below(self, n):
        return (self.next() >> 11) % n

    def pick(self, seq):
        return seq[self.below(len(seq))]


FIRST = ["Anna", "Ben", "Carla", "David", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas",
         "Kemal", "Lena", "Marta", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Samuel", "Tomas"]
LAST = ["Smith", "Jones", "Diaz", "Marsh", "Kessel", "Reuter", "Okafor", "Novak", "Tanaka",
        "Whitfield", "Haddad", "Larsen", "Moreau", "Schulz", "Ivanova", "Costa", "Byrne"]
CUES = ["said", "claimed", "told reporters", "according to", "argued", "warned", "insisted",
        "stated", "added", "noted", "denied", "suggested", "reported", "wrote"]
WORDS = ["the", "plan", "failed", "council", "budget", "vote", "river", "workers", "strike",
         "prices", "rose", "fell", "report", "trial", "vaccine", "election", "results"]
EMOJI = ["\U0001F600", "\U0001F389", "\U0001F525", "\U0001F44D", "\U0001F30D", "\U0001F4B0",
         "\U0001F680", "\U0001F914", "\U0001F4F0", "\U0001F5F3"]  # 4 bytes each, no joiners


def name(rng):
    return f"{rng.pick(FIRST)} {rng.pick(LAST)}"


def news_text():
    """The project's own ordinary news: the page's sample and the test fixtures."""
    paths = [os.path.join(ROOT, "www", "sample.txt")]
    fx = os.path.join(ROOT, "tests", "fixtures")
    paths += sorted(os.path.join(fx, f) for f in os.listdir(fx) if f.endswith(".txt"))
    parts = []
    for p in paths:
        with open(p, encoding="utf-8") as f:
            parts.append(f.read().strip())
    return "\n\n".join(parts) + "\n\n"


BLOCK = 64 * KB


def repeat(unit):
    """A generator of pieces: `unit` over and over, in blocks of about 64 KB (one piece
    per unit would make a 4 MB input of "(" take seconds to build)."""
    block = unit * max(1, BLOCK // len(unit.encode("utf-8")))
    while True:
        yield block


def pieces_of(fn, seed=1):
    """A generator of pieces: fn(rng, i) for i = 0, 1, ... until about 64 KB, then that
    block over and over. Every family's vocabulary is small anyway, so the repetition
    changes nothing the analysis could exploit, and it keeps a 4 MB input quick to make
    (pure Python random draws per character would take tens of seconds)."""
    rng = Rng(seed)
    parts, n, i = [], 0, 0
    while n < BLOCK:
        p = fn(rng, i)
        parts.append(p)
        n += len(p.encode("utf-8"))
        i += 1
    return repeat("".join(parts))


def title_case(text):
    return " ".join(w[:1].upper() + w[1:].lower() for w in text.split(" "))


def g_nested_parens(size):
    # "(said (said ... said )))": balanced, as deep as the size allows.
    k = size // 7
    return iter(["(said " * k, ")" * k])


def g_long_words(rng, i):
    return "a" * (100 * KB) + " said " + name(rng) + " "


def g_long_urls(rng, i):
    seg = "".join(rng.pick(WORDS) + "/" for _ in range(12 * KB))  # ~100 KB of path
    return f"{name(rng)} said https://example.com/{seg}?q={i}&ref=news#{i} and "


def g_quotes_only(rng, i):
    return "".join(rng.pick(['"', "\u201c", "\u201d", "\u00ab", "\u00bb"]) for _ in range(64))


def g_alt_quotes(rng, i):
    # Opening and closing marks from different styles, so no pair matches cleanly.
    opens = ['"', "\u201c", "\u00ab", "\u2018", "'"]
    closes = ['"', "\u201d", "\u00bb", "\u2019", "'"]
    return (f"{opens[i % 5]}{rng.pick(WORDS)} {rng.pick(WORDS)}{closes[(i + 2) % 5]} "
            f"{rng.pick(CUES)} {name(rng)} ")


def g_colons_dashes(rng, i):
    sep = ["\u2014", "\u2013", "--", "-", ":"][i % 5]
    return f"{name(rng)}: {rng.pick(WORDS)} {sep} {rng.pick(CUES)}: {rng.pick(WORDS)} {sep} "


def g_cue_dense(rng, i):
    return (f"{name(rng)} said that {name(rng)} claimed, according to {name(rng)}, that "
            f"officials warned analysts told reporters the {rng.pick(WORDS)} may have "
            f"{rng.pick(WORDS)}, critics argued. ")


def g_names(rng, i):
    return f"{name(rng)}, {name(rng)} and {name(rng)}, "


def g_said_colon_chain(rng, i):
    return f'{name(rng)} said: "'


def g_quote_said(rng, i):
    return f'"{rng.pick(WORDS)} {rng.pick(WORDS)}" said {name(rng)} '


def g_emoji_cues(rng, i):
    return f"{rng.pick(CUES)} {rng.pick(EMOJI)} {rng.pick(EMOJI)} "


def g_rtl(rng, i):
    return [
        f"\u0642\u0627\u0644 \u0627\u0644\u0645\u062a\u062d\u062f\u062b said {name(rng)} "
        f"\u0625\u0646 \u0627\u0644\u062e\u0637\u0629 \u0641\u0634\u0644\u062a. ",
        f"according to \u05e9\u05e8 \u05d4\u05d0\u05d5\u05e6\u05e8 the {rng.pick(WORDS)} "
        f"\u200f\u05e0\u05db\u05e9\u05dc\u200e {rng.pick(CUES)} {name(rng)}. ",
        f"\u00ab\u0647\u0630\u0627 \u062e\u0637\u0623\u00bb, {name(rng)} claimed, "
        f"\u202b\u05dc\u05d0 \u05e0\u05db\u05d5\u05df\u202c. ",
    ][i % 3]


def g_combining(rng, i):
    return f"{rng.pick(CUES)} e" + "\u0301" * 1000 + f" {name(rng)} "


CONTROLS = [chr(c) for c in range(0, 32) if chr(c) not in "\n"] + ["\x7f"]


def g_control(rng, i):
    c = rng.pick(CONTROLS)
    return f"{rng.pick(CUES)}{c}{name(rng)}\x00\x00{rng.pick(WORDS)}{c}"


def news_variant(transform):
    def gen(size):
        return repeat(transform(news_text()))
    return gen


# name -> (description, generator(size) -> iterator of str pieces, filler)
# The filler pads the 0-3 bytes a char-boundary trim may leave, so every input is exactly
# its size; it is chosen to stay within the family (a quote mark for quotes only, ...).
FAMILIES = {
    "news": ("ordinary news: www/sample.txt and tests/fixtures/*.txt repeated (the baseline)",
             news_variant(lambda t: t), "\n"),
    "said-run": ('"said " x N: cues with no punctuation', lambda s: repeat("said "), " "),
    "nested-parens": ('"(said (said ... ))": one balanced nest, depth size/7',
                      g_nested_parens, " "),
    "emoji-cues": ("cues with emoji between them", lambda s: pieces_of(g_emoji_cues), " "),
    "weasel": ('"Critics say the plan failed. " repeated (the weasel pass)',
               lambda s: repeat("Critics say the plan failed. "), " "),
    "giant-line": ("ordinary news as one line with no sentence punctuation",
                   news_variant(lambda t: " ".join(
                       t.replace(".", "").replace("!", "").replace("?", "").split()) + " "), " "),
    "said-colon-chain": ('NAME said: "NAME said: "...: cue and open quote, never closed',
                         lambda s: pieces_of(g_said_colon_chain), " "),
    "quote-said": ('"a b" said NAME "c d" said NAME ...: quotes and cues, no sentence end',
                   lambda s: pieces_of(g_quote_said), " "),
    "open-parens": ('"(" only', lambda s: repeat("("), "("),
    "quotes-only": ('quote marks only, mixed " \u201c \u201d \u00ab \u00bb',
                    lambda s: pieces_of(g_quotes_only), '"'),
    "cue-dense": ("sentences with five cues and sources each",
                  lambda s: pieces_of(g_cue_dense), " "),
    "names-sentence": ("one sentence of Title Case names joined by commas and 'and'",
                       lambda s: pieces_of(g_names), " "),
    "alt-quotes": ("alternating quote styles, opening and closing marks mismatched",
                   lambda s: pieces_of(g_alt_quotes), " "),
    "colons-dashes": ("NAME: word - cue: word, colons and every dash, no sentence end",
                      lambda s: pieces_of(g_colons_dashes), " "),
    "long-words": ("100 KB words ('aaa...') between cues", lambda s: pieces_of(g_long_words), "a"),
    "long-urls": ("100 KB URLs after cues", lambda s: pieces_of(g_long_urls), " "),
    "newlines-only": ("newlines only", lambda s: repeat("\n"), "\n"),
    "emoji-only": ("emoji only (4-byte code points, no joiners)",
                   lambda s: pieces_of(lambda r, i: "".join(r.pick(EMOJI) for _ in range(64))),
                   " "),
    "rtl-mixed": ("Arabic and Hebrew with English cues, bidi marks and embeddings",
                  lambda s: pieces_of(g_rtl), " "),
    "combining": ("e followed by 1,000 U+0301 between cues", lambda s: pieces_of(g_combining),
                  " "),
    "control-chars": ("NUL and every other control character between cues and names",
                      lambda s: pieces_of(g_control), "\x00"),
    "crlf": ("ordinary news with CRLF line ends", news_variant(lambda t: t.replace("\n", "\r\n")),
             "\n"),
    "all-caps": ("ordinary news in capitals", news_variant(str.upper), " "),
    "title-case": ("ordinary news with every word capitalised", news_variant(title_case), " "),
}


def generate(family, size):
    """The input of `family` at exactly `size` bytes of UTF-8."""
    _, gen, filler = FAMILIES[family]
    chunks, n = [], 0
    for piece in gen(size):
        b = piece.encode("utf-8")
        chunks.append(b)
        n += len(b)
        if n >= size:
            break
    data = b"".join(chunks)[:size]
    # Trim back to a char boundary: drop UTF-8 continuation bytes and the lead byte of a
    # cut sequence, then pad with the ASCII filler.
    if len(data) == size and size > 0:
        end = size
        while end > 0 and (data[end - 1] & 0xC0) == 0x80:
            end -= 1
        if end > 0 and data[end - 1] >= 0xC0:
            lead = data[end - 1]
            need = 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
            if size - (end - 1) < need:
                data = data[: end - 1]
    data += filler.encode() * (size - len(data))
    data.decode("utf-8")  # must be valid: the CLI rejects anything else
    assert len(data) == size, (family, size, len(data))
    return data


def write_input(path, family, size):
    """Generates in a forked child, so the big strings never raise this process's
    resident set (which a later fork would pass on to the measured child's peak)."""
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            data = generate(family, size) if size else b""
            with open(path, "wb") as f:
                f.write(data)
            code = 0
        except BaseException as e:  # report and exit the child whatever happened
            print(f"generating {family} at {size}: {e!r}", file=sys.stderr)
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    if status != 0:
        sys.exit(f"could not generate {family} at {size} bytes")


# ---------------------------------------------------------------------------
# Measurement
# ---------------------------------------------------------------------------


class Limits:
    """What one run may use. The time limit is on CPU time (RLIMIT_CPU), so a loaded
    machine does not turn a slow-but-fine run into a timeout; a wall-clock guard of
    three times that catches a run that hangs without using CPU. The address-space cap
    (RLIMIT_AS) keeps a family whose memory grows quadratically from taking the machine
    down with it: such a run ends in an allocation failure, reported as 'memory'."""

    def __init__(self, cpu_s, mem_bytes):
        self.cpu_s = cpu_s
        self.mem_bytes = mem_bytes


# The process that forks and execs the CLI. Linux carries the resident set a forked
# child inherits into its ru_maxrss at exec, so the CLI's peak would read at least
# this process's own (12 MB with everything this script imports, as much as the CLI's
# start-up). This launcher is a separate `python3 -S -E` with only os, resource and
# signal: /bin/true run through it reports 6 MB, so every peak above that is the CLI's.
# Protocol: one request per line, NUL-separated fields
#   cpu_limit_s mem_limit_bytes wall_limit_s binary input stderr_file
# answered by one line "wait_status utime stime maxrss_kb killed_by_wall_guard".
LAUNCHER = r"""
import os, resource, signal, sys
child = 0
killed = 0
def on_alarm(signum, frame):
    global killed
    if child:
        killed = 1
        os.kill(child, signal.SIGKILL)
signal.signal(signal.SIGALRM, on_alarm)
out = sys.stdout.buffer
# Its own peak (VmHWM: this image's, unlike ru_maxrss, which holds the parent's too).
with open("/proc/self/status", "rb") as f:
    out.write([l.split()[1] for l in f if l.startswith(b"VmHWM:")][0] + b"\n")
out.flush()
for line in sys.stdin.buffer:
    cpu, mem, wall, binary, path, err = line.rstrip(b"\n").split(b"\0")
    cpu, mem, wall = int(cpu), int(mem), float(wall)
    devnull = os.open(os.devnull, os.O_WRONLY)
    errfd = os.open(err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    pid = os.fork()
    if pid == 0:
        try:
            os.dup2(devnull, 1)
            os.dup2(errfd, 2)
            # SIGXCPU at the soft limit, SIGKILL a second later if it is ignored.
            resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
            resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
            os.execv(binary, [binary, b"analyze", path])
        finally:
            os._exit(127)
    os.close(devnull)
    os.close(errfd)
    child, killed = pid, 0
    signal.setitimer(signal.ITIMER_REAL, wall)
    # WNOWAIT leaves the zombie unreaped while the guard is disarmed, so the guard can
    # never signal a reused pid.
    os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)
    signal.setitimer(signal.ITIMER_REAL, 0)
    child = 0
    _, status, ru = os.wait4(pid, 0)
    out.write(b"%d %r %r %d %d\n" % (status, ru.ru_utime, ru.ru_stime, ru.ru_maxrss, killed))
    out.flush()
"""


class Launcher:
    def __init__(self):
        self.p = subprocess.Popen([sys.executable, "-S", "-E", "-c", LAUNCHER],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.own_peak = int(self.p.stdout.readline()) * 1024

    def close(self):
        self.p.stdin.close()
        self.p.wait()

    def run(self, binary, path, limits, errpath):
        """One `newsmark analyze path > /dev/null`: (cpu seconds, peak bytes, status)
        where status is 'ok', 'timeout', 'memory' or a short description of the
        failure."""
        cpu_limit = int(limits.cpu_s + 0.999)
        req = b"\0".join([str(cpu_limit).encode(), str(limits.mem_bytes).encode(),
                          str(3 * limits.cpu_s + 10).encode(), os.fsencode(binary),
                          os.fsencode(path), os.fsencode(errpath)])
        self.p.stdin.write(req + b"\n")
        self.p.stdin.flush()
        fields = self.p.stdout.readline().split()
        if len(fields) != 5:
            sys.exit("the launcher died")
        status, killed = int(fields[0]), int(fields[4])
        cpu = float(fields[1]) + float(fields[2])
        peak = int(fields[3]) * 1024  # kilobytes on Linux
        with open(errpath, errors="replace") as f:
            msg = f.read().strip().splitlines()
        first = msg[0][:120] if msg else ""
        if killed:
            return cpu, peak, "timeout"
        if os.WIFSIGNALED(status):
            sig = os.WTERMSIG(status)
            if sig == signal.SIGXCPU or (sig == signal.SIGKILL and cpu >= cpu_limit):
                return cpu, peak, "timeout"
            if "memory allocation of" in "\n".join(msg):  # Rust's handler, then abort
                return cpu, peak, "memory"
            return cpu, peak, f"killed by {signal.Signals(sig).name}" + (f": {first}" if first else "")
        code = os.WEXITSTATUS(status)
        if code == 127 and not msg:
            sys.exit(f"could not run {binary}")
        if code != 0:
            return cpu, peak, f"exit {code}" + (f": {first}" if first else "")
        return cpu, peak, "ok"


def count_instructions(binary, path, timeout_s):
    """Instructions the CLI executes on `path`, counted by valgrind's callgrind (exact and
    the same on a loaded machine as on an idle one); None with the reason when it cannot."""
    try:
        r = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                            binary, "analyze", path],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                           errors="replace", timeout=timeout_s)
    except subprocess.TimeoutExpired:
        return None, "timeout"
    except OSError as e:
        return None, str(e)
    m = re.search(r"Collected : (\d+)", r.stderr)
    if r.returncode != 0 or not m:
        return None, f"exit {r.returncode}"
    return int(m.group(1)), "ok"


def count_all(binary, tmp, jobs, timeout_s):
    """Counts every (family, size) of `jobs` on every core: the counts do not depend on
    what else runs."""
    paths = {}
    for f, s in jobs:
        paths[(f, s)] = os.path.join(tmp, f"count-{f}-{s}.txt")
        write_input(paths[(f, s)], f, s)
    workers = max(1, os.cpu_count() or 1)
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {job: pool.submit(count_instructions, binary, paths[job], timeout_s) for job in jobs}
        counts = {job: fut.result() for job, fut in futures.items()}
    for p in paths.values():
        os.remove(p)
    return counts


def reps_for(size, reps):
    """Small inputs get more runs: their times are short, so their noise is relatively
    larger, and they are cheap."""
    if size <= 64 * KB:
        return reps + 2
    if size < 1 * MB:
        return reps + 1
    return reps


def time_ratio(secs, prev_secs):
    """The ratio the verdict uses: both times raised to the floor first."""
    return max(secs, FLOOR_S) / max(prev_secs, FLOOR_S)


def ratio_limit(size, prev_size):
    """5 for 4x the input; 1.25 times the step for other steps."""
    return RATIO_PER_4X * (size / prev_size) / 4


def measure_family(launcher, binary, tmp, family, sizes, reps, limits, start_cpu, log):
    """Runs the sizes of one family in alternation (rep 1 of every size, then rep 2, ...)
    so that the ratios compare runs from the same phase of a noisy machine. A size that
    fails (timeout, memory cap, crash) ends that size and every larger one. A size is
    not repeated once its verdict cannot change: a run over LONG_RUN_S, or a ratio to
    the previous size already twice the limit (more runs could only lower the min a
    little, never by half)."""
    paths = {}
    for s in sizes:
        paths[s] = os.path.join(tmp, f"{family}-{s}.txt")
        write_input(paths[s], family, s)
    want = {s: reps_for(s, reps) for s in sizes}
    runs = {s: [] for s in sizes}
    status = {s: "ok" for s in sizes}
    done = set()
    errpath = os.path.join(tmp, "stderr.txt")
    for r in range(max(want.values())):
        for i, s in enumerate(sizes):
            if s in done or len(runs[s]) >= want[s]:
                continue
            cpu, peak, st = launcher.run(binary, paths[s], limits, errpath)
            log(f"  {family:<17} {human(s):>5} run {r + 1}: {cpu:8.3f} s {peak / MB:8.1f} MB  {st}")
            runs[s].append((cpu, peak))
            if st != "ok":
                status[s] = st
                for t in sizes:
                    if t >= s:
                        done.add(t)
                        if t > s and status[t] == "ok":
                            status[t] = "skipped"
                continue
            if cpu > LONG_RUN_S:
                done.add(s)
            prev = sizes[i - 1] if i > 0 else None
            if prev is not None and runs[prev] and status[prev] == "ok":
                secs = min(c for c, _ in runs[s]) - start_cpu
                prev_secs = min(c for c, _ in runs[prev]) - start_cpu
                if time_ratio(secs, prev_secs) > 2 * ratio_limit(s, prev):
                    done.add(s)
    for p in paths.values():
        os.remove(p)
    return {s: {"runs": runs[s], "status": status[s]} for s in sizes}


def human(n):
    if n == 0:
        return "0"
    if n % MB == 0:
        return f"{n // MB}M"
    if n % KB == 0:
        return f"{n // KB}K"
    return str(n)


def parse_size(t):
    t = t.strip().upper()
    mult = {"K": KB, "M": MB}.get(t[-1:], 1)
    return int(t[:-1] if mult > 1 else t) * mult


def git_commit():
    try:
        r = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                           capture_output=True, text=True, timeout=10)
        dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
        return r.stdout.strip() + ("+dirty" if dirty else "") if r.returncode == 0 else "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true",
                    help="64K and 256K, growth judged by instruction counts, for ./scripts/test (default: 256K, 1M, 4M)")
    ap.add_argument("--families", help="comma-separated families (news always runs: it is the baseline)")
    ap.add_argument("--list", action="store_true", help="list the families and exit")
    ap.add_argument("--json", metavar="OUT", help="save every measurement to OUT")
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "newsmark"),
                    help="the CLI (default target/release/newsmark)")
    ap.add_argument("--reps", type=int, help="timed runs per size (smaller sizes get more; default 3, "
                                                "1 when instructions are counted)")
    ap.add_argument("--timeout", type=float,
                    help="CPU seconds per run before it is killed (default 120; 30 with --quick)")
    ap.add_argument("--mem-limit", type=int, metavar="MB",
                    help="address-space cap per run (default 2048 MB, or 512 bytes per byte of the "
                         "largest size if more; a run needing that much fails the 64 B/B check anyway: "
                         "news itself needs 22-72 B/B from 4 MB down to 256 KB)")
    ap.add_argument("--instructions", action=argparse.BooleanOptionalAction, default=None,
                    help="judge growth by instructions counted under valgrind's callgrind rather than "
                         "CPU time (default: on when valgrind is installed; --no-instructions judges by time)")
    ap.add_argument("--sizes", help="comma-separated sizes such as 64K,256K,1M (overrides the mode's)")
    ap.add_argument("--verbose", action="store_true", help="print every run")
    a = ap.parse_args()

    if a.list:
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `--list | head` ends quietly
        for f, (desc, _, _) in FAMILIES.items():
            print(f"{f:<17} {desc}")
        return 0
    families = list(FAMILIES)
    if a.families:
        chosen = [f.strip() for f in a.families.split(",") if f.strip()]
        unknown = [f for f in chosen if f not in FAMILIES]
        if unknown:
            sys.exit(f"unknown families: {', '.join(unknown)} (see --list)")
        families = ["news"] + [f for f in chosen if f != "news"]
    sizes = ([parse_size(t) for t in a.sizes.split(",")] if a.sizes
             else QUICK_SIZES if a.quick else FULL_SIZES)
    if sorted(set(sizes)) != sizes or sizes[0] <= 0:
        sys.exit("--sizes must be increasing and positive")
    timeout = a.timeout or (30.0 if a.quick else 120.0)
    if a.instructions is None:
        a.instructions = shutil.which("valgrind") is not None
    elif a.instructions and shutil.which("valgrind") is None:
        sys.exit("--instructions needs valgrind (apt-get install valgrind)")
    if a.mem_limit is None:
        a.mem_limit = max(2048, 512 * sizes[-1] // MB)
    limits = Limits(timeout, a.mem_limit * MB)
    if a.reps is None:
        # Counted instructions judge growth, so the timed runs only give the peak memory,
        # which varies little from run to run.
        a.reps = 1 if a.instructions else 3
    if a.reps < 1:
        sys.exit("--reps must be at least 1")
    if not os.access(a.bin, os.X_OK):
        sys.exit(f"{a.bin} is not an executable; build it with `cargo build --release`")

    def log(msg):
        if a.verbose:
            print(msg, file=sys.stderr, flush=True)

    started = time.time()
    launcher = Launcher()
    with tempfile.TemporaryDirectory(prefix="newsmark-adversarial-") as tmp:
        empty = os.path.join(tmp, "empty.txt")
        write_input(empty, "news", 0)
        errpath = os.path.join(tmp, "stderr.txt")
        startup = []
        for _ in range(max(5, a.reps + 2)):
            cpu, peak, st = launcher.run(a.bin, empty, limits, errpath)
            if st != "ok":
                sys.exit(f"the CLI fails on an empty file: {st}")
            startup.append((cpu, peak))
        start_cpu = min(c for c, _ in startup)
        start_peak = min(p for _, p in startup)
        now = datetime.datetime.now(datetime.timezone.utc)
        print(f"newsmark adversarial inputs, {now:%Y-%m-%d %H:%M} UTC, commit {git_commit()}, {a.bin}")
        print(f"sizes {', '.join(human(s) for s in sizes)}; runs per size {a.reps} (+2 at 64K or less, "
              f"+1 under 1M); limits per run {timeout:g} s CPU, {a.mem_limit} MB address space; "
              f"time floor {FLOOR_S * 1000:.0f} ms")
        print(f"start-up (empty file, min of {len(startup)}): {start_cpu * 1000:.1f} ms CPU, "
              f"{start_peak / MB:.1f} MB peak; the launcher's peak resident set "
              f"{launcher.own_peak / MB:.1f} MB")
        if start_peak <= launcher.own_peak:
            print("WARNING: the empty-file peak is not above the launcher's resident set; small peaks "
                  "below may be the launcher's, not the CLI's")
        results = {}
        for f in families:
            results[f] = measure_family(launcher, a.bin, tmp, f, sizes, a.reps, limits, start_cpu, log)
            if not a.verbose:
                print(".", end="", file=sys.stderr, flush=True)
        if not a.verbose:
            print(file=sys.stderr)
        counts = {}
        if a.instructions:
            jobs = [("news", 0)] + [(f, sz) for f in families for sz in sizes
                                    if results[f][sz]["status"] == "ok"]
            counts = count_all(a.bin, tmp, jobs, 4 * timeout)  # callgrind runs ~50x slower
            if counts[("news", 0)][0] is None:
                sys.exit(f"valgrind cannot count the CLI on an empty file: {counts[('news', 0)][1]}")
    launcher.close()
    start_instr = counts[("news", 0)][0] if counts else None

    # Derived figures and verdicts.
    rows, failures = [], []
    news = {s: min(p for _, p in results["news"][s]["runs"]) if results["news"][s]["runs"] else None
            for s in sizes}
    news_ratio = {}  # news's own time ratio at each step, the quick mode's yardstick
    for i in range(1, len(sizes)):
        runs, prev_runs = results["news"][sizes[i]]["runs"], results["news"][sizes[i - 1]]["runs"]
        if runs and prev_runs:
            secs = max(0.0, min(c for c, _ in runs) - start_cpu)
            prev_secs = max(0.0, min(c for c, _ in prev_runs) - start_cpu)
            if prev_secs > 0:
                news_ratio[sizes[i]] = secs / prev_secs
    for f in families:
        prev = None
        for i, s in enumerate(sizes):
            r = results[f][s]
            st = r["status"]
            row = {"family": f, "size": s, "status": st, "runs": len(r["runs"]),
                   "cpu_s": None, "seconds": None, "peak_bytes": None, "bytes_per_byte": None,
                   "extra_bytes_per_byte": None, "ratio": None, "ratio_raw": None, "verdict": []}
            row["instructions"] = counts.get((f, s), (None, None))[0]
            if r["runs"]:
                cpu = min(c for c, _ in r["runs"])
                peak = min(p for _, p in r["runs"])
                secs = max(0.0, cpu - start_cpu)
                row.update(cpu_s=cpu, seconds=secs, peak_bytes=peak, bytes_per_byte=peak / s)
                if news[s] is not None:
                    row["extra_bytes_per_byte"] = peak / s - news[s] / s
                if st == "ok" and prev is not None and prev["status"] == "ok":
                    limit = ratio_limit(s, prev["size"])
                    instr = counts.get((f, s), (None, None))
                    prev_instr = counts.get((f, prev["size"]), (None, None))
                    if instr[0] is not None and prev_instr[0] is not None:
                        # Exact counts: no floor, no yardstick; the time ratio is only shown.
                        row["ratio"] = (instr[0] - start_instr) / max(1, prev_instr[0] - start_instr)
                    elif a.instructions:
                        row["verdict"].append("UNCOUNTED")
                    elif a.quick and news_ratio.get(s):
                        # Quick sizes sit where the caches stop holding the input, and news
                        # itself reads x4.3-5.5 there on a loaded machine: a family may grow
                        # 1.25 times as fast as news (a quadratic one grows 4 times as fast).
                        # Never above twice the linear ratio, whatever news read.
                        limit = max(limit, min(RATIO_PER_4X / 4 * news_ratio[s], 2 * s / prev["size"]))
                    if row["ratio"] is None:
                        row["ratio"] = time_ratio(secs, prev["seconds"])
                    row["ratio_raw"] = secs / prev["seconds"] if prev["seconds"] > 0 else None
                    row["ratio_limit"] = limit
                    if row["ratio"] > limit:
                        row["verdict"].append("SLOW")
                over = row["extra_bytes_per_byte"]
                if st == "memory" or (over is not None and over > EXTRA_BYTES_PER_BYTE):
                    row["verdict"].append("MEM")
            if st == "timeout":
                row["verdict"].append("TIMEOUT")
            elif st == "skipped":
                row["verdict"].append("skipped")
            elif st not in ("ok", "memory"):
                row["verdict"].append("CRASH")
            if any(v != "skipped" for v in row["verdict"]):
                failures.append(row)
            rows.append(row)
            prev = row

    def cell(x, width, prec):
        return f"{'-':>{width}}" if x is None else f"{x:{width}.{prec}f}"

    icol = f" {'Minstr':>8}" if a.instructions else ""
    print(f"{'family':<17} {'size':>5} {'seconds':>8}{icol} {'peak MB':>8} {'B/B':>7} {'extra':>7} "
          f"{'ratio':>6} {'raw':>6}  verdict")
    for row in rows:
        v = "+".join(row["verdict"]) or "ok"
        if row["status"] == "timeout":
            v += f" (killed at {timeout:g} s CPU)"
        elif row["status"] == "memory":
            v += f" (allocation failed at the {a.mem_limit} MB cap)"
        elif row["status"] not in ("ok", "skipped"):
            v += f" ({row['status']})"
        peak_mb = None if row["peak_bytes"] is None else row["peak_bytes"] / MB
        minstr = None if row.get("instructions") is None else (row["instructions"] - start_instr) / 1e6
        icell = f" {cell(minstr, 8, 1)}" if a.instructions else ""
        print(f"{row['family']:<17} {human(row['size']):>5} {cell(row['seconds'], 8, 3)}{icell} "
              f"{cell(peak_mb, 8, 1)} {cell(row['bytes_per_byte'], 7, 1)} "
              f"{cell(row['extra_bytes_per_byte'], 7, 1)} {cell(row['ratio'], 6, 2)} "
              f"{cell(row['ratio_raw'], 6, 2)}  {v}")
    elapsed = time.time() - started
    bad = sorted({r["family"] for r in failures}, key=families.index)
    print(f"{len(families)} families x {len(sizes)} sizes in {elapsed:.0f} s; "
          + (f"FAILED: {', '.join(bad)}" if bad else "all within bounds"))
    if a.instructions:
        print(f"ratio: instructions counted by callgrind, less the start-up's {start_instr / 1e6:.1f} M "
              "(raw: the CPU-time ratio, shown only)")
    elif a.quick and news_ratio:
        print("quick mode: a family's ratio limit is the larger of 5 and 1.25 x news's raw ratio, at most 8 ("
              + ", ".join(f"x{r:.2f} to {human(s)}" for s, r in news_ratio.items()) + ")")
    judged = "instructions" if a.instructions else f"times raised to {FLOOR_S * 1000:.0f} ms first"
    print(f"limits: ratio > {RATIO_PER_4X:g} per 4x input ({judged}), "
          f"extra > {EXTRA_BYTES_PER_BYTE} B/B over news, {timeout:g} s CPU, {a.mem_limit} MB, "
          f"any non-zero exit")

    if a.json:
        with open(a.json, "w") as out:
            json.dump({
                "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                "commit": git_commit(), "binary": a.bin, "machine": platform.platform(),
                "cpus": os.cpu_count(), "command": sys.argv, "sizes": sizes, "reps": a.reps,
                "timeout_cpu_s": timeout, "mem_limit_bytes": limits.mem_bytes, "floor_s": FLOOR_S,
                "ratio_per_4x": RATIO_PER_4X,
                "extra_bytes_per_byte_limit": EXTRA_BYTES_PER_BYTE,
                "startup": {"cpu_s": start_cpu, "peak_bytes": start_peak, "runs": startup},
                "launcher_peak_bytes": launcher.own_peak, "elapsed_s": elapsed,
                "results": [dict(r, runs_detail=results[r["family"]][r["size"]]["runs"]) for r in rows],
                "failed": bad,
            }, out, indent=1)
            out.write("\n")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
