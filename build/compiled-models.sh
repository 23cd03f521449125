#!/usr/bin/env bash
# Regenerates EF Core's compiled models (src/KisTrader.Data/CompiledModels/<provider>), one per database provider, from
# the entity configurations. Run it after changing an entity or its configuration; the test CompiledModelTests fails
# until you do. Uses the dotnet-ef tool pinned in dotnet-tools.json (dotnet tool restore installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
dotnet build src/KisTrader.Data -nologo -v quiet
for provider in Sqlite:sqlite PostgreSql:postgresql; do
  folder=${provider%%:*}
  rm -rf "src/KisTrader.Data/CompiledModels/$folder"
  dotnet ef dbcontext optimize --no-build -p src/KisTrader.Data -s src/KisTrader.Data -c KisTraderDbContext \
    -o "CompiledModels/$folder" -n "KisTrader.Data.CompiledModels.$folder" -- "${provider##*:}"
  # The generated assembly attribute would make EF pick this model for every provider: the app chooses one per
  # provider in DataServiceCollectionExtensions.Configure instead.
  rm "src/KisTrader.Data/CompiledModels/$folder/KisTraderDbContextAssemblyAttributes.cs"
done
