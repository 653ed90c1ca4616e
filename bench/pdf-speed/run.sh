#!/usr/bin/env bash
# Measures pages/s of "extralit extract" (whole process, 1 and 2 workers)
# and of pymupdf4llm.to_markdown on the corpus's benchmark set (text PDFs
# that open without a password), in the same run, and writes RESULTS.md.
# Usage: bench/pdf-speed/run.sh   (from anywhere inside the repository)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
corpus=${EXTRALIT_CORPUS_DIR:-$root/../shared/corpus/pdfs}
[ -f "$corpus/SOURCES.md" ] || { echo "corpus not found at $corpus (set EXTRALIT_CORPUS_DIR)" >&2; exit 1; }
work=${BENCH_WORK:-$(mktemp -d)}
P4_VERSION=${P4_VERSION:-0.2.0}

files=()
for f in "$corpus"/*.pdf; do
  case "$(basename "$f")" in
    malformed_*|scanned_*|encrypted_userpw*|encrypted_aes256*) continue ;;
  esac
  files+=("$f")
done

go build -o "$work/extralit" ./bench/pdf-speed
if [ ! -x "$work/venv/bin/python" ]; then
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install -q "pymupdf4llm==$P4_VERSION"
fi

now() { date +%s.%N; }
load0=$(cut -d' ' -f1-3 /proc/loadavg)
# Warm the wazero compilation cache once, as a user's second run would be.
"$work/extralit" extract "${files[0]}" --cache-dir "$work/cache" > /dev/null

declare -A secs pages
for w in 1 2; do
  rm -rf "$work/out$w"
  t0=$(now)
  "$work/extralit" extract "${files[@]}" -o "$work/out$w" --workers "$w" --cache-dir "$work/cache" 2> "$work/summary$w.txt"
  t1=$(now)
  secs[$w]=$(echo "$t1 - $t0" | bc -l)
  pages[$w]=$(sed -n 's/.*files (\([0-9]*\) pages).*/\1/p' "$work/summary$w.txt")
done
read -r p4pages p4secs < <("$work/venv/bin/python" bench/pdf-speed/pymupdf4llm_bench.py "${files[@]}" 2>/dev/null | tail -1)

load1=$(cut -d' ' -f1-3 /proc/loadavg)
rate() { echo "scale=1; $1 / $2" | bc -l; }
r1=$(rate "${pages[1]}" "${secs[1]}"); r2=$(rate "${pages[2]}" "${secs[2]}"); rp=$(rate "$p4pages" "$p4secs")
{
  echo "# PDF extraction speed"
  echo
  echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC'). Machine: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(. /etc/os-release; echo "$PRETTY_NAME"), $(go version | cut -d' ' -f3)."
  echo "Command: \`bench/pdf-speed/run.sh\`. Files: the corpus benchmark set (${#files[@]} text PDFs that open without a password)."
  echo "Load average (1/5/15 min) before: $load0; after: $load1 (other processes share the machine; figures above 2 mean contention)."
  echo "Each figure is one whole-process run (start, wazero cache warm, all files, exit); pymupdf4llm $P4_VERSION runs in one Python process over the same files in the same run."
  echo
  echo "| extractor | pages | seconds | pages/s | vs pymupdf4llm |"
  echo "|---|---|---|---|---|"
  printf '| extralit extract --workers 1 | %s | %.1f | %s | %.1fx |\n' "${pages[1]}" "${secs[1]}" "$r1" "$(echo "$r1 / $rp" | bc -l)"
  printf '| extralit extract --workers 2 | %s | %.1f | %s | %.1fx |\n' "${pages[2]}" "${secs[2]}" "$r2" "$(echo "$r2 / $rp" | bc -l)"
  printf '| pymupdf4llm.to_markdown %s | %s | %.1f | %s | 1.0x |\n' "$P4_VERSION" "$p4pages" "$p4secs" "$rp"
} > bench/pdf-speed/RESULTS.md
cat bench/pdf-speed/RESULTS.md
