#!/usr/bin/env bash
# Coverage-guided fuzzing of the MLLP frame scanner, the HL7 parser and the listener's intake checks.
#
#   Scripts/fuzz.sh [--runs N | --time SECONDS] [--target mllp|hl7|intake|all|LIST] [--jobs N]
#
# Builds each target in Fuzz/ straight with swiftc (no SwiftPM, no NIO) into .build-fuzz/: the code
# under test with libFuzzer's coverage and AddressSanitizer (LeakSanitizer included), the harness
# and its oracles with AddressSanitizer only, so coverage is measured on the code under test.
# Modules are rebuilt only when their sources or flags change. Each target's corpus lives in
# .build-fuzz/corpus/<target>/ and is kept between runs; seeds (SampleData, Fuzz/seeds) are
# refreshed into .build-fuzz/seeds/<target>/ every run.
#
# --runs N is N executions per target (split across jobs); --time SECONDS is per target (default
# 60). LIST is comma-separated (mllp,hl7). Exits 1 when any target crashed, leaked, timed out or
# broke an oracle, and names the reproducer; exits 2 on bad arguments or a failed build.
set -euo pipefail

usage() {
    sed -n '2,/^set -euo/{/^#/s/^# \{0,1\}//p}' "$0"
}

die() {
    echo "fuzz.sh: $*" >&2
    exit 2
}

runs=""
seconds=""
target_list="all"
jobs=1
while (($#)); do
    case "$1" in
        --runs) [[ $# -ge 2 ]] || die "--runs needs a number"; runs=$2; shift 2 ;;
        --time) [[ $# -ge 2 ]] || die "--time needs a number of seconds"; seconds=$2; shift 2 ;;
        --target) [[ $# -ge 2 ]] || die "--target needs a name"; target_list=$2; shift 2 ;;
        --jobs) [[ $# -ge 2 ]] || die "--jobs needs a number"; jobs=$2; shift 2 ;;
        -h | --help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument: $1" ;;
    esac
done
is_count() { [[ $1 =~ ^[1-9][0-9]*$ ]]; }
[[ -n $runs && -n $seconds ]] && die "give --runs or --time, not both"
[[ -z $runs && -z $seconds ]] && seconds=60
[[ -z $runs ]] || is_count "$runs" || die "--runs must be a positive number"
[[ -z $seconds ]] || is_count "$seconds" || die "--time must be a positive number of seconds"
is_count "$jobs" || die "--jobs must be a positive number"

all_targets=(mllp hl7 intake)
targets=()
IFS=',' read -ra requested <<<"$target_list"
for name in "${requested[@]}"; do
    case "$name" in
        all) targets+=("${all_targets[@]}") ;;
        mllp | hl7 | intake) targets+=("$name") ;;
        *) die "unknown target '$name' (mllp, hl7, intake, all)" ;;
    esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/.build-fuzz"
mkdir -p "$out/modules" "$out/obj" "$out/bin" "$out/stamps" "$out/logs"
cd "$root"

# -O: 7–9x the executions per second of -Onone here; -wmo: one object per module.
swift_flags=(-parse-as-library -O -wmo)

# ---------------------------------------------------------------------------------------------
# Build

# The sources of each module under test, one per line.
module_sources() {
    case "$1" in
        # Only the NIO-free part of MLLP: the scanner, the framing constants, the byte search.
        MLLP) grep -L '^import NIO' Sources/MLLP/*.swift | sort ;;
        HL7) find Sources/HL7 -name '*.swift' | sort ;;
        CareQueueCore) find Sources/CareQueueCore -name '*.swift' | sort ;;
        CareQueueSimulator) find Sources/CareQueueSimulator -name '*.swift' | sort ;;
    esac
}

module_dependencies() {
    case "$1" in
        CareQueueCore) echo HL7 ;;
        CareQueueSimulator) echo CareQueueCore HL7 ;;
    esac
}

target_modules() {
    case "$1" in
        # The simulator's SplitMix64 draws the harness's read lengths.
        mllp) echo MLLP CareQueueSimulator CareQueueCore HL7 ;;
        hl7) echo HL7 ;;
        intake) echo CareQueueCore HL7 ;;
    esac
}

# A hash of everything a build step reads: compiler, flags, file names and contents.
fingerprint() {
    { swiftc --version 2>&1; echo "${swift_flags[*]} -sanitize=fuzzer,address"; printf '%s\n' "$@"; cat "$@"; } |
        sha256sum | cut -d' ' -f1
}

is_current() { [[ -f $2 && -f "$out/stamps/$1" && $(cat "$out/stamps/$1") == "$3" ]]; }

# Runs a compiler command quietly, keeping its output in a log; ld.gold's "Cannot export local
# symbol" warnings for sanitizer builds are harmless.
compile() {
    local name=$1
    shift
    local log="$out/logs/build-$name.log"
    if ! "$@" >"$log" 2>&1; then
        grep -v 'Cannot export local symbol' "$log" | tail -40 >&2
        die "building $name failed (full log: ${log#"$root"/})"
    fi
}

build_module() {
    local module=$1
    local dependency
    for dependency in $(module_dependencies "$module"); do build_module "$dependency"; done
    local sources
    mapfile -t sources < <(module_sources "$module")
    local stamps=()
    for dependency in $(module_dependencies "$module"); do stamps+=("$out/stamps/$dependency"); done
    local key
    key=$(fingerprint "${sources[@]}" ${stamps[@]+"${stamps[@]}"})
    local library="$out/modules/lib$module.a"
    is_current "$module" "$library" "$key" && return
    echo "building $module (${#sources[@]} files, coverage + ASan)"
    compile "$module" swiftc -sanitize=fuzzer,address "${swift_flags[@]}" -module-name "$module" \
        -I "$out/modules" -emit-module -emit-module-path "$out/modules/$module.swiftmodule" \
        -emit-library -static -o "$library" "${sources[@]}"
    echo "$key" >"$out/stamps/$module"
}

build_target() {
    local target=$1
    local modules module
    read -ra modules <<<"$(target_modules "$target")"
    for module in "${modules[@]}"; do build_module "$module"; done
    local sources
    mapfile -t sources < <(find "Fuzz/$target" -name '*.swift' | sort)
    local libraries=() stamps=()
    for module in "${modules[@]}"; do
        libraries+=("$out/modules/lib$module.a")
        stamps+=("$out/stamps/$module")
    done
    local key
    key=$(fingerprint "${sources[@]}" "${stamps[@]}")
    local binary="$out/bin/fuzz-$target"
    is_current "fuzz-$target" "$binary" "$key" && return
    echo "building fuzz-$target (harness: ASan only)"
    compile "fuzz-$target" swiftc -sanitize=address "${swift_flags[@]}" -module-name "Fuzz_$target" \
        -I "$out/modules" -c -o "$out/obj/$target.o" "${sources[@]}"
    compile "fuzz-$target-link" swiftc -sanitize=fuzzer,address -o "$binary" "$out/obj/$target.o" "${libraries[@]}"
    echo "$key" >"$out/stamps/fuzz-$target"
}

# ---------------------------------------------------------------------------------------------
# Seeds and dictionaries

# Larger inputs are cut to max_len anyway and only slow the first pass (14-ed-pdf is 2 MB).
largest_seed=65536

message_seeds() {
    local file
    for file in SampleData/*.hl7 SampleData/bad/*.hl7 Fuzz/seeds/hl7/* Fuzz/seeds/intake/*; do
        [[ -f $file && $(stat -c %s "$file") -le $largest_seed ]] && echo "$file"
    done
}

seed_target() {
    local target=$1 seeds="$out/seeds/$1"
    rm -rf "$seeds"
    mkdir -p "$seeds" "$out/corpus/$target"
    local file
    case "$target" in
        mllp)
            cp Fuzz/seeds/mllp/* "$seeds/"
            while read -r file; do
                { printf '\x0b'; cat "$file"; printf '\x1c\x0d'; } >"$seeds/framed-$(basename "$file")"
            done < <(message_seeds)
            ;;
        hl7 | intake)
            while read -r file; do cp "$file" "$seeds/"; done < <(message_seeds)
            ;;
    esac
}

target_dictionary() {
    case "$1" in
        mllp) echo Fuzz/dict/mllp.dict ;;
        hl7) echo Fuzz/dict/hl7.dict ;;
        intake)
            cat Fuzz/dict/hl7.dict Fuzz/dict/intake.dict >"$out/intake.dict"
            echo "$out/intake.dict"
            ;;
    esac
}

# Short inputs run faster and find the same bugs: the framer needs no long ones, and 2 KiB holds
# any of SampleData's messages but the 2 MB PDF and the 250-line report.
target_max_len() {
    case "$1" in
        mllp) echo 1024 ;;
        *) echo 2048 ;;
    esac
}

# ---------------------------------------------------------------------------------------------
# Run

with_commas() { echo "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }

# Executions a libFuzzer log reports: the final stat line, else the last status line.
executions_in() {
    local count
    count=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$1" | tail -1)
    [[ -n $count ]] || count=$(sed -n 's/^#\([0-9][0-9]*\)[[:space:]].*/\1/p' "$1" | tail -1)
    echo "${count:-0}"
}

# The first line that says why a run failed.
failure_reason() {
    grep -h -m1 -E 'Fatal error:|ERROR: AddressSanitizer|ERROR: LeakSanitizer|ERROR: libFuzzer|out-of-memory|SUMMARY: ' "$@" 2>/dev/null |
        head -1 | cut -c1-200
}

summary=()
failed=0

fuzzer_environment=(
    # No Swift backtracer (it fights ASan for the crash). No allocation stacks: ~40 % more
    # executions; replaying a reproducer (without this ASAN_OPTIONS) gives the full report.
    SWIFT_BACKTRACE=enable=no
    ASAN_OPTIONS=malloc_context_size=0:detect_leaks=1
)

# libFuzzer keeps every input it ever saved; a merge keeps only those that still add coverage, so
# the corpus stays small and its size means something.
merge_corpus() {
    local target=$1 corpus="$out/corpus/$1"
    rm -rf "$corpus.merging"
    mkdir -p "$corpus.merging"
    if env "${fuzzer_environment[@]}" "$out/bin/fuzz-$target" -merge=1 "-max_len=$(target_max_len "$target")" \
        "$corpus.merging" "$corpus" >"$out/logs/$target/merge.log" 2>&1; then
        rm -rf "$corpus"
        mv "$corpus.merging" "$corpus"
    else
        rm -rf "$corpus.merging"
        echo "fuzz.sh: merging the $target corpus failed (see ${out#"$root"/}/logs/$target/merge.log); kept it whole" >&2
    fi
}

run_target() {
    local target=$1
    local binary="$out/bin/fuzz-$target"
    local corpus="$out/corpus/$target"
    local artifacts="$out/artifacts/$target"
    local logs="$out/logs/$target"
    rm -rf "$logs"
    mkdir -p "$artifacts" "$logs"
    local options=(
        "-max_len=$(target_max_len "$target")"
        "-dict=$(target_dictionary "$target")"
        "-artifact_prefix=$artifacts/"
        -timeout=10
        -rss_limit_mb=2048
        -detect_leaks=1
        -print_final_stats=1
    )
    if [[ -n $runs ]]; then
        options+=("-runs=$(((runs + jobs - 1) / jobs))")
    else
        options+=("-max_total_time=$seconds")
    fi
    local marker="$logs/.started"
    touch "$marker"
    local started=$SECONDS
    echo "fuzzing $target: ${runs:+$(with_commas "$runs") executions}${seconds:+$seconds s}, $jobs job(s), corpus ${corpus#"$root"/}"
    local pids=() job
    for ((job = 1; job <= jobs; job++)); do
        env "${fuzzer_environment[@]}" "$binary" "${options[@]}" "$corpus" "$out/seeds/$target" >"$logs/job-$job.log" 2>&1 &
        pids+=($!)
    done
    local status=0 pid
    for pid in "${pids[@]}"; do
        wait "$pid" || status=1
    done
    local elapsed=$((SECONDS - started))
    ((elapsed > 0)) || elapsed=1

    local executions=0 log
    for log in "$logs"/job-*.log; do
        executions=$((executions + $(executions_in "$log")))
    done
    merge_corpus "$target"
    local inputs bytes
    inputs=$(find "$corpus" -type f | wc -l)
    bytes=$(find "$corpus" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}')
    local result="ok"
    if ((status != 0)); then
        result="FAILED"
        failed=1
        echo "fuzz-$target FAILED: $(failure_reason "$logs"/job-*.log)" >&2
        local reproducer found=0
        while read -r reproducer; do
            found=1
            echo "  reproducer: ${reproducer#"$root"/}" >&2
            echo "  replay:     ${binary#"$root"/} ${reproducer#"$root"/}" >&2
        done < <(find "$artifacts" -type f -newer "$marker" | sort)
        ((found)) || echo "  no reproducer written; see ${logs#"$root"/}/" >&2
        echo "  logs:       ${logs#"$root"/}/job-*.log" >&2
    fi
    summary+=("$(printf '%-8s %-7s %15s %9s %8s %12s' "$target" "$result" "$(with_commas "$executions")" \
        "$(with_commas $((executions / elapsed)))" "$(with_commas "$inputs")" "$(with_commas "$bytes")")")
}

for target in "${targets[@]}"; do
    build_target "$target"
done
for target in "${targets[@]}"; do
    seed_target "$target"
    run_target "$target"
done

echo
printf '%-8s %-7s %15s %9s %8s %12s\n' target result executions "exec/s" corpus "corpus bytes"
printf '%s\n' "${summary[@]}"
exit "$failed"
