#!/usr/bin/env bash
# Adds an EF Core migration with the same name for every provider: ./infra/add-migration.sh AddSomething
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: infra/add-migration.sh <MigrationName>}
dotnet tool restore >/dev/null
for provider in Sqlite PostgreSql SqlServer; do
  dotnet ef migrations add "$name" --project "src/ResolutionWorkflow.Migrations.$provider" \
    --startup-project "src/ResolutionWorkflow.Migrations.$provider" --output-dir Migrations
done
