#!/usr/bin/env bash
# Regenerates screenshots/*.png from the real binary:
# tmux (with colours) -> aha (ANSI to HTML) -> headless Chromium (fonts-noto-cjk).
# Needs Debian's tmux, aha, chromium and fonts-noto-cjk; installs them if absent.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
for p in tmux aha chromium; do command -v "$p" >/dev/null 2>&1 || missing+=("$p"); done
fc-list 2>/dev/null | grep -qi "Noto Sans Mono CJK" || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ -z "${BIN:-}" ]; then
  cargo build --release --locked
fi
bin="${BIN:-$PWD/target/release/secretariat}"
work=$(mktemp -d)
trap 'tmux kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
store="$work/store"
asof=2026-11-21
"$bin" --data-dir "$store" --as-of "$asof" demo --no-tui --cases 2000 --seed 1 >/dev/null 2>&1
mkdir -p screenshots

# shot NAME COLS ROWS LANG KEYS... : open the TUI, type the keys, capture, render.
# AS=user picks the demo user (tanaka operator, sato help desk, suzuki
# supervisor; default tanaka); WAIT=seconds between the last key and the
# capture (default 1.15).
shot() {
  local name=$1 cols=$2 rows=$3 lang=$4
  shift 4
  local sock="$work/tmux.sock"
  tmux -S "$sock" kill-server 2>/dev/null || true
  # The last shot's program may still be finishing (a bulk decision's chunk)
  # and holding the store: wait for it to leave, up to 20 s.
  for _ in $(seq 200); do pgrep -f -- "--data-dir $store " >/dev/null || break; sleep 0.1; done
  tmux -S "$sock" new-session -d -x "$cols" -y "$rows" \
    "env LANG=${lang}.UTF-8 TERM=xterm-256color $bin --data-dir $store --as-of $asof --user ${AS:-tanaka} ${CONFIG:+--config $CONFIG} --embedded"
  sleep 1.2
  local n=0
  for k in "$@"; do
    n=$((n + 1))
    tmux -S "$sock" send-keys "$k"
    # Between keys a pause; after the last one, WAIT before the capture.
    [ "$n" -lt "$#" ] && sleep 0.35
  done
  sleep "${WAIT:-1.15}"
  tmux -S "$sock" capture-pane -e -p > "$work/$name.ansi"
  # --embedded: each shot starts fresh (a server would resume the last session).
  tmux -S "$sock" send-keys Escape Escape q 2>/dev/null || true
  sleep 0.3
  tmux -S "$sock" kill-server 2>/dev/null || true
  {
    echo '<!doctype html><html><head><meta charset="utf-8"><style>'
    echo 'body{margin:0;background:#1d1f21;}'
    # The CJK font draws U+2026 full-width; terminals (and the TUI) give it one cell.
    echo '.e{display:inline-block;width:.5em;transform:scaleX(.5);transform-origin:left;}'
    echo 'pre{margin:8px;font-family:"Noto Sans Mono CJK JP","Noto Sans Mono",monospace;font-size:15px;line-height:19px;color:#d0d0d0;}'
    echo '</style></head><body>'
    echo '<pre>'
    aha --no-header --black < "$work/$name.ansi" | sed 's|…|<span class="e">…</span>|g'
    echo '</pre></body></html>'
  } > "$work/$name.html"
  local w=$((cols * 9 + 24)) h=$((rows * 19 + 24))
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/chrome" --hide-scrollbars --window-size="$w,$h" \
    --screenshot="$PWD/screenshots/$name.png" "file://$work/$name.html" >/dev/null 2>&1
  echo "screenshots/$name.png"
}

shot withdrawals-ja       120 40 ja_JP
shot transfers-ja         120 40 ja_JP 2
shot facility-reports-ja  120 40 ja_JP 3 j j
shot loans-ja             120 40 ja_JP 4
shot detail-80x24-ja       80 24 ja_JP Enter
shot lookup-ja            120 40 ja_JP L "${LOOKUP_REGNO:-3652866}" Enter
shot help-ja              120 40 ja_JP '?'
shot return-ja            120 40 ja_JP r
shot withdrawals-en       120 40 en_US
shot loans-en             120 40 en_US 4 j
shot detail-80x24-en       80 24 en_US 3 Enter

# Each role's main task at 80x24 in Japanese (issue 12).
AS=sato   shot helpdesk-lookup-80x24-ja        80 24 ja_JP L "${LOOKUP_REGNO:-3652866}" Enter
AS=sato   shot helpdesk-lookup-loans-80x24-ja  80 24 ja_JP L "${LOOKUP_REGNO:-3652866}" Enter G
AS=sato   shot helpdesk-refusal-80x24-ja       80 24 ja_JP a
AS=tanaka shot operator-return-80x24-ja        80 24 ja_JP r
AS=tanaka shot operator-filter-80x24-ja        80 24 ja_JP / 渡辺 Enter
AS=suzuki shot supervisor-marks-80x24-ja       80 24 ja_JP o M a
# All open withdrawals (over 700 in the demo), so that the progress shows mid-run.
AS=suzuki WAIT=0.15 shot supervisor-bulk-80x24-ja 80 24 ja_JP M a y

# The supervisor's desk (issue 11): the backlog overview, the view picker, the
# filter language, and the : command line.
AS=suzuki shot supervisor-backlog-80x24-ja     80 24 ja_JP B
AS=suzuki shot supervisor-backlog-ja          120 40 ja_JP B
AS=suzuki shot supervisor-views-80x24-ja       80 24 ja_JP V
AS=suzuki shot supervisor-filter-80x24-ja      80 24 ja_JP / '担当:なし 経過>30 -状態:統括回答待ち' Enter
AS=suzuki shot supervisor-command-80x24-ja     80 24 ja_JP : 'sort ' Tab

# Dates as the office writes them ([display] dates = "wareki", issue 19).
printf '[display]\ndates = "wareki"\n' > "$work/wareki.toml"
CONFIG="$work/wareki.toml" shot wareki-withdrawals-ja 120 40 ja_JP
CONFIG="$work/wareki.toml" shot wareki-detail-80x24-ja  80 24 ja_JP Enter
# A facility report without a valid supervisor: H (認定返上) offered beside approve.
shot facility-report-nosup-80x24-ja 80 24 ja_JP 3

# Intake at the desk (issue 20): a loan form picked by number and name, filled
# with dates as the office writes them, and what recording it changed; the
# help desk's enquiry form and list, and a caller found by name and birth date.
regno="${LOOKUP_REGNO:-3652866}"
AS=tanaka shot intake-loan-forms-80x24-ja    80 24 ja_JP L "$regno" Enter e
AS=tanaka shot intake-loan-form-80x24-ja     80 24 ja_JP L "$regno" Enter e Enter R8.6.1 Down Down R8.8.3
AS=tanaka shot intake-recorded-80x24-ja      80 24 ja_JP L "$regno" Enter e Enter R8.6.1 Down Down R8.8.3 Enter
AS=tanaka shot intake-correction-80x24-ja    80 24 ja_JP L "$regno" Enter E Enter
AS=tanaka shot intake-paper-withdrawal-80x24-ja 80 24 ja_JP N
AS=sato   shot helpdesk-enquiry-80x24-ja     80 24 ja_JP L "$regno" Enter i
AS=sato   shot helpdesk-enquiries-80x24-ja   80 24 ja_JP I
# The caller's surname and birth date, as the CLI prints them in English.
caller=$("$bin" --data-dir "$store" --as-of "$asof" --lang en --embedded lookup "$regno" |
  awk -F': ' '/^  Name:/{split($2, n, /[ 　]/); s=n[1]} /^  Birth date:/{d=$2} END{print s " " d}')
AS=sato   shot helpdesk-caller-by-name-80x24-ja 80 24 ja_JP L "$caller" Enter

# Undo of a recorded form, a physician corrected from its facility report,
# and a duplicate registration (二重登録) linked by a supervisor (issue 20).
AS=tanaka shot intake-undone-80x24-ja        80 24 ja_JP L "$regno" Enter e Enter R8.6.2 Down Down R8.8.3 Enter u
AS=tanaka shot intake-pick-record-80x24-ja   80 24 ja_JP 3 Enter E
# The person of the first withdrawal flagged DUP (another number, same name and birth date).
keep=$("$bin" --data-dir "$store" --as-of "$asof" --embedded export cases --queue withdrawal |
  grep -m1 duplicate_person | grep -o '"subject":"[0-9]*"' | cut -d'"' -f4)
AS=suzuki shot supervisor-link-80x24-ja      80 24 ja_JP L "$keep" Enter D
AS=suzuki shot supervisor-linked-80x24-ja    80 24 ja_JP L "$keep" Enter D y

# Organisations (issue 21): a district operator's desk (仙台市医師会: only its
# transfers), a case of two associations, the lookup of a person whose other
# cases another organisation holds, and a prefecture's supervisor over its
# districts.
AS=takahashi shot district-operator-80x24-ja        80 24 ja_JP 2
AS=takahashi shot district-operator-detail-80x24-ja 80 24 ja_JP 2 Enter
AS=takahashi shot district-operator-lookup-80x24-ja 80 24 ja_JP L "${LOOKUP_REGNO:-3652866}" Enter
AS=yamamoto  shot prefecture-supervisor-backlog-80x24-ja 80 24 ja_JP B
