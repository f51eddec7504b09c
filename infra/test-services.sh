#!/usr/bin/env bash
# Installs and starts the local servers the integration tests use. Safe to run twice.
# Tests find them through the variables printed by `infra/test-env.sh`.
set -euo pipefail

need_install=()
command -v pg_ctlcluster >/dev/null 2>&1 || need_install+=(postgresql)
command -v rabbitmq-server >/dev/null 2>&1 || need_install+=(rabbitmq-server)
[ -x /usr/bin/chromium ] || need_install+=(chromium)
command -v jq >/dev/null 2>&1 || need_install+=(jq)
# The independent signer the signature tests check against: OpenSSL with the GOST engine.
command -v openssl >/dev/null 2>&1 || need_install+=(openssl)
[ -f /usr/lib/x86_64-linux-gnu/engines-3/gost.so ] || need_install+=(libengine-gost-openssl)
if [ ${#need_install[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_install[@]}" >/dev/null
fi

# PostgreSQL: a login role that may create a database per test class.
PG_VERSION=$(ls /etc/postgresql | sort -V | tail -1)
if ! pg_lsclusters -h | awk '{print $4}' | grep -q online; then
  pg_ctlcluster "$PG_VERSION" main start
fi
for _ in $(seq 1 50); do
  runuser -u postgres -- psql -qtAc "select 1" >/dev/null 2>&1 && break
  sleep 0.2
done
runuser -u postgres -- psql -qtA <<'SQL' >/dev/null
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rw_test') THEN
    CREATE ROLE rw_test LOGIN CREATEDB PASSWORD 'rw_test';
  END IF;
END $$;
SQL
echo "test services: PostgreSQL $PG_VERSION on 127.0.0.1:5432 (role rw_test)"

# RabbitMQ: the application's user, and one party user whose rights end at its own prefix.
if ! rabbitmqctl -q status >/dev/null 2>&1; then
  RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 rabbitmq-server -detached
  for _ in $(seq 1 120); do
    rabbitmqctl -q await_startup --timeout 60 >/dev/null 2>&1 && break
    sleep 0.5
  done
fi
bash "$(dirname "$0")/rabbitmq-app-user.sh" rw_app rw_app
bash "$(dirname "$0")/rabbitmq-party.sh" by-minfin by-minfin-test-secret
echo "test services: RabbitMQ on 127.0.0.1:5672 (users rw_app, by-minfin)"
echo "test services: $(/usr/bin/chromium --version 2>/dev/null || echo 'chromium missing')"
echo "test services: $(openssl version) with the GOST engine ($(OPENSSL_CONF=/dev/null openssl engine gost 2>/dev/null | head -1 || echo missing))"
