# AkkaPay build steps for Windows users (PowerShell). Mirrors the README's commands.
#   ./build.ps1 build | test | run [-Port 8080] [-Data ./data] | bench
param(
    [Parameter(Position = 0)][ValidateSet('build', 'test', 'run', 'bench')][string]$Task = 'build',
    [int]$Port = 8080,
    [string]$Data = './data'
)
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

switch ($Task) {
    'build' { dotnet build AkkaPay.sln -c Release }
    # The PostgreSQL tests need PostgreSQL's initdb/pg_ctl; they look under /usr/lib/postgresql (Linux layout).
    'test'  { dotnet test AkkaPay.sln }
    'run'   { dotnet run --project src/AkkaPay.Host -- up --port $Port --data $Data }
    'bench' { dotnet run -c Release --project bench/AkkaPay.Benchmarks -- --filter '*' }
}
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
