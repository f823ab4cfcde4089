#!/usr/bin/env bash
# The whole nf-bond test suite, runnable on a fresh machine with the .NET 10 SDK.
# Builds everything, installs the `nfbond` dotnet tool from this checkout and runs the nanoFramework
# portability gate with it, runs every test project, and prints the totals across all projects as its
# last line: "N passed, N failed[, N skipped]".
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! command -v dotnet >/dev/null 2>&1; then
    echo "tests/run-all.sh: the .NET 10 SDK (dotnet) is required and was not found on PATH" >&2
    exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== build"
dotnet build nf-bond.sln -c Release -nologo -v quiet

echo "== nanoFramework build (compiled with the solution against CoreLibrary's mscorlib and tools/NanoBuild/Facades)"
for dll in tools/NanoBuild/Contracts/bin/Release/NfBond.Hal.Contracts.dll tools/NanoBuild/Firmware/bin/Release/NfBond.Firmware.dll hal/Nano/bin/Release/NfBond.Hal.Nano.dll; do
    if [ ! -f "$dll" ]; then
        echo "nano build: $dll is missing"
        exit 1
    fi
    echo "nano build: $(basename "$dll") $(stat -c %s "$dll") bytes"
done

echo "== portability gate (nfbond dotnet tool) over firmware/ and hal/Contracts"
dotnet pack tools/nfbond/NfBond.Cli.csproj -c Release --no-build -nologo -v quiet -o "$work/pkg"
dotnet tool install NfBond.Tool --tool-path "$work/tool" --add-source "$work/pkg" --version 0.1.0 >/dev/null
gate=0
"$work/tool/nfbond" portability firmware hal/Contracts || gate=$?

echo "== tests"
tests=0
projects=0
for project in tests/*/*.Tests.csproj; do
    name=$(basename "$project" .csproj)
    projects=$((projects + 1))
    # One results folder per project: TRX names are timestamps and could collide.
    dotnet test "$project" -c Release --no-build -nologo --logger trx --results-directory "$work/trx/$name" || tests=$?
done

echo "== fuzzing: every target briefly (tests/fuzz/run.sh all 10; longer runs by hand)"
fuzz=0
tests/fuzz/run.sh all 10 || fuzz=$?

passed=0; failed=0; skipped=0; total=0
for trx in "$work"/trx/*/*.trx; do
    [ -e "$trx" ] || continue
    counters=$(grep -o '<Counters [^>]*' "$trx")
    value() { printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
    total=$((total + $(value total)))
    passed=$((passed + $(value passed)))
    failed=$((failed + $(value failed)))
    skipped=$((skipped + $(value notExecuted)))
done

if [ "$fuzz" -ne 0 ]; then
    echo "fuzzing failed: a target crashed, hung or did not start (see above; inputs in tests/fuzz/findings/)"
    failed=$((failed + 1))
fi

if [ "$gate" -ne 0 ]; then
    echo "portability gate failed: firmware/ or hal/Contracts use something nanoFramework 1.x lacks (see above)"
    failed=$((failed + 1))
fi

if [ "$total" -eq 0 ] || [ "$(ls "$work"/trx/*/*.trx 2>/dev/null | wc -l)" -ne "$projects" ]; then
    echo "a test project produced no results"
    failed=$((failed + 1))
fi

summary="$passed passed, $failed failed"
if [ "$skipped" -gt 0 ]; then
    summary="$summary, $skipped skipped"
fi
echo "$summary"
if [ "$failed" -ne 0 ] || [ "$tests" -ne 0 ]; then
    exit 1
fi
