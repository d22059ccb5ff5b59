#!/usr/bin/env bash
# The kill loop against a release build: SIGKILL the listener again and again under traffic, then
# check that nothing it acknowledged was lost or stored twice.
#
#   Scripts/killtest.sh --kills 1000 [--senders 4] [--seed S] [--keep DIR]
#
# Exit 0 when every check holds; 1 naming the first offending control ids (the folder is kept).
set -euo pipefail
cd "$(dirname "$0")/.."

swift build -c release --product carequeue
exec "$(swift build -c release --show-bin-path)/carequeue" bench killtest "$@"
