#!/bin/sh
# The project's two everyday commands. The first use creates .venv and installs the pinned
# dependencies (requirements.lock) and mediawatch itself into it; later uses reuse it.
#   ./dev.sh demo            the whole pipeline offline on the bundled sample stream
#   ./dev.sh test [ARGS]     the test suite (pytest ARGS)
set -eu
cd "$(dirname "$0")"
PYTHON=${PYTHON:-python3}

install() {
    if [ ! -x .venv/bin/python ]; then
        "$PYTHON" -m venv .venv
    fi
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
    cp requirements.lock .venv/installed.lock
}

if ! cmp -s requirements.lock .venv/installed.lock 2>/dev/null || [ ! -x .venv/bin/mediawatch ]; then
    echo "Installing mediawatch and its pinned dependencies into .venv (first run only)..." >&2
    install
fi

case "${1:-}" in
    demo) exec .venv/bin/mediawatch demo ;;
    test) shift; exec .venv/bin/python -m pytest "$@" ;;
    *) echo "usage: ./dev.sh demo | ./dev.sh test [pytest arguments]" >&2; exit 2 ;;
esac
