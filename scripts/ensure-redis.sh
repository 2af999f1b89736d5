#!/usr/bin/env bash
# Makes Redis ready for the cluster tests and the local cluster: installs Debian's
# redis-server with apt-get when it is missing. The tests run their own redis-server on free
# ports (so they can stop and restart it); with --start, this also starts one on
# 127.0.0.1:6379 (no persistence: Redis carries only what the cluster can rebuild) when none
# answers there. Safe to run any number of times. Needs root to install (CI runs as root).
set -euo pipefail

if ! command -v redis-server >/dev/null 2>&1; then
  echo "ensure-redis: installing redis-server with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q redis-server
fi
echo "ensure-redis: $(redis-server --version | cut -d' ' -f1-3)"

if [ "${1:-}" = "--start" ]; then
  if redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    echo "ensure-redis: a Redis answers on 127.0.0.1:6379"
  else
    redis-server --daemonize yes --port 6379 --bind 127.0.0.1 --save '' --appendonly no >/dev/null
    for _ in $(seq 1 50); do
      redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break
      sleep 0.1
    done
    echo "ensure-redis: started redis-server on 127.0.0.1:6379"
  fi
fi
