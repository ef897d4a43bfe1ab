#!/usr/bin/env python3
"""Measures one fuzz target's speed and reach in CPU time, not wall time (the machine is shared:
under load a wall-clock rate says more about the neighbours than about the target).

Runs build-fuzz/tests/fuzz/fuzz_TARGET on a copy of CORPUS (the folder is only read; new inputs
go to a temporary folder, deleted after), with the ASAN_OPTIONS of fuzz_lib.sh's fuzz_run
(or RS_FUZZ_ASAN when set) and the given libFuzzer flags, until the process has spent
CPU_SECONDS (user + sys) after loading the corpus, then stops it with SIGINT (libFuzzer prints
its final stats on it). Prints one JSON line: the CPU seconds the corpus load took, the
executions and CPU seconds after it, executions per CPU second, and the coverage reached
(libFuzzer's last `cov:` and `ft:`: every corpus change is printed, so the last line holds
the final figures).

Usage: tests/fuzz/rate.py TARGET CPU_SECONDS CORPUS [LIBFUZZER_FLAG...]
Environment: RS_FUZZ_BIN (the folder of the fuzz_* binaries, default build-fuzz/tests/fuzz: a
  copy of an earlier build measures before and after side by side), RS_FUZZ_ASAN.
  e.g. tests/fuzz/rate.py history 20 build-fuzz/fuzz-work/corpus/history -seed=1 -entropic=0
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """user + sys CPU seconds of a running process (/proc/PID/stat fields 14 and 15)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def watch(p, log_path, budget):
    """Waits until the fuzzer `p` has spent `budget` CPU seconds after loading its corpus, then
    interrupts it. Returns its CPU seconds when it had loaded the corpus (None if it ended
    before) and at the end."""
    init_cpu = cpu = None
    while p.poll() is None:
        cpu = cpu_seconds(p.pid)
        if init_cpu is None:
            with open(log_path) as f:
                if "INITED" in f.read():
                    init_cpu = cpu
        elif cpu - init_cpu >= budget:
            p.send_signal(signal.SIGINT)
            break
        time.sleep(0.05)
    return init_cpu, cpu


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    target, budget, corpus = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    flags = sys.argv[4:]
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    binaries = os.environ.get("RS_FUZZ_BIN") or os.path.join(root, "build-fuzz", "tests", "fuzz")
    binary = os.path.join(binaries, "fuzz_" + target)
    # The same limits as fuzz_run (fuzz_lib.sh) except the time, which is ours to keep.
    max_len = subprocess.run(["bash", "-c", f'source tests/fuzz/fuzz_lib.sh; fuzz_max_len {target}'],
                             cwd=root, capture_output=True, text=True).stdout.strip()
    asan = os.environ.get("RS_FUZZ_ASAN") or subprocess.run(
        ["bash", "-c", "source tests/fuzz/fuzz_lib.sh; echo $fuzz_asan_options"],
        cwd=root, capture_output=True, text=True).stdout.strip()
    work = tempfile.mkdtemp(prefix="rs-fuzz-rate-")
    try:
        grown = os.path.join(work, "grown")
        os.mkdir(grown)
        args = [binary, "-timeout=25", "-rss_limit_mb=1024", "-malloc_limit_mb=256",
                "-print_final_stats=1", "-reload=0", f"-artifact_prefix={work}/"]
        if max_len:
            args.append(f"-max_len={max_len}")
        args += flags + [grown, corpus]
        log_path = os.path.join(work, "log")
        with open(log_path, "w") as log:
            p = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT,
                                 env=dict(os.environ, ASAN_OPTIONS=asan))
            try:
                init_cpu, final_cpu = watch(p, log_path, budget)
            except BaseException:
                p.kill()  # stopped before its time (Ctrl-C): no orphan left running
                raise
            p.wait()
        text = open(log_path, errors="replace").read()
        inited = re.search(r"#(\d+)\s+INITED.*?cov: (\d+) ft: (\d+)", text)
        if init_cpu is None or not inited:
            sys.exit(f"rate: {target} ended before loading its corpus:\n{text[-3000:]}")
        execs = re.findall(r"stat::number_of_executed_units: *(\d+)", text)
        cov = re.findall(r"cov: (\d+) ft: (\d+)", text)
        crashed = re.search(r"ERROR: (AddressSanitizer|libFuzzer)|runtime error", text)
        if crashed:
            shutil.copy(log_path, f"rate-{target}.log")
            print(f"rate: {target} crashed, log in rate-{target}.log", file=sys.stderr)
        run_execs = int(execs[-1]) - int(inited.group(1)) if execs else 0
        run_cpu = final_cpu - init_cpu
        print(json.dumps({
            "target": target, "flags": " ".join(flags), "load_cpu_s": round(init_cpu, 2),
            "cpu_s": round(run_cpu, 2), "executions": run_execs,
            "exec_per_cpu_s": round(run_execs / run_cpu) if run_cpu > 0 else 0,
            "cov": int(cov[-1][0]), "ft": int(cov[-1][1]),
            "inited_cov": int(inited.group(2)), "inited_ft": int(inited.group(3)),
            "crashed": bool(crashed)}))
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
