#!/usr/bin/env bash
# Coverage-guided fuzzing with SharpFuzz and AFL++ (docs/fuzzing.md).
#   tests/fuzz/run.sh                  lists the targets, one per line
#   tests/fuzz/run.sh TARGET SECONDS   builds, instruments and fuzzes TARGET for SECONDS; the last line is
#                                      "TARGET: execs N, paths P, crashes C, hangs H"
#   tests/fuzz/run.sh all SECONDS      every target in turn, one build
# Installs afl++ (apt-get) and the sharpfuzz instrumenter (dotnet tool) when missing. Exits 1 when a target
# crashed or hung; the inputs are kept in tests/fuzz/findings/TARGET/ to become regression tests.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
project="$here/NfBond.Fuzz/NfBond.Fuzz.csproj"

list_targets() {
    dotnet run --project "$project" -c Release -v quiet 2>/dev/null
}

if [ $# -eq 0 ]; then
    list_targets
    exit 0
fi

if [ $# -ne 2 ] || ! [[ "$2" =~ ^[0-9]+$ ]]; then
    echo "usage: tests/fuzz/run.sh [TARGET|all SECONDS]" >&2
    exit 2
fi

targets=$(list_targets)
if [ "$1" = all ]; then
    selected=$targets
elif grep -qx -- "$1" <<<"$targets"; then
    selected=$1
else
    echo "unknown target \"$1\"; targets: $(tr '\n' ' ' <<<"$targets")" >&2
    exit 2
fi
seconds=$2

if ! command -v afl-fuzz >/dev/null 2>&1; then
    echo "installing afl++" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++ >/dev/null 2>&1 \
        || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++ >/dev/null; }
fi

tools="${XDG_CACHE_HOME:-$HOME/.cache}/nfbond-fuzz/tools"
if [ ! -x "$tools/sharpfuzz" ]; then
    echo "installing the sharpfuzz instrumenter" >&2
    dotnet tool install SharpFuzz.CommandLine --tool-path "$tools" >/dev/null
fi

# sharpfuzz rewrites a DLL in place and refuses a second pass: a fresh publish each run.
work=$(mktemp -d /tmp/nfbond-fuzz.XXXXXX)
trap 'rm -rf "$work"' EXIT
dotnet publish "$project" -c Release -o "$work/bin" -v quiet >/dev/null
for dll in NfBond.Firmware.dll NfBond.Aggregator.dll NfBond.Hal.Linux.dll; do
    "$tools/sharpfuzz" "$work/bin/$dll" >/dev/null
done

status=0
for target in $selected; do
    mkdir -p "$work/in/$target" "$work/out"
    cp "$here"/seeds/"$target"/* "$work/in/$target/" 2>/dev/null || true
    case "$target" in
        board-reader) cp "$repo"/boards/*.json "$work/in/$target/" ;;
        site-reader) cp "$repo"/docs/examples/*.json "$work/in/$target/" ;;
    esac

    AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
        timeout $((seconds + 120)) afl-fuzz -i "$work/in/$target" -o "$work/out/$target" -V "$seconds" -t 5000 -m none \
        -- dotnet "$work/bin/NfBond.Fuzz.dll" "$target" >"$work/$target.log" 2>&1 || true

    stats="$work/out/$target/default/fuzzer_stats"
    if [ ! -f "$stats" ]; then
        tail -n 20 "$work/$target.log" >&2
        echo "$target: afl-fuzz did not start (see above)"
        status=1
        continue
    fi

    value() { grep -m1 "^$1 " "$stats" | sed 's/.*: *//'; }
    crashes=$(value saved_crashes)
    hangs=$(value saved_hangs)
    if [ "${crashes:-0}" != 0 ] || [ "${hangs:-0}" != 0 ]; then
        mkdir -p "$here/findings/$target"
        cp "$work/out/$target/default/crashes/"id* "$work/out/$target/default/hangs/"id* "$here/findings/$target/" 2>/dev/null || true
        echo "$target: inputs kept in tests/fuzz/findings/$target/ (replay: dotnet NfBond.Fuzz.dll $target FILE)" >&2
        status=1
    fi

    echo "$target: execs $(value execs_done), paths $(value corpus_count), crashes ${crashes:-0}, hangs ${hangs:-0}"
done

exit $status
