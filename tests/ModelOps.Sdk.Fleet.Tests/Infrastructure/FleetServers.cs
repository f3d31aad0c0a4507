using ModelOps.Sdk.PostgreSql.Tests.Infrastructure;
using ModelOps.Sdk.S3.Tests.Infrastructure;

namespace ModelOps.Sdk.Fleet.Tests.Infrastructure;

/// <summary>
/// The fleet tests' servers: one PostgreSQL (<see cref="PostgreSqlFixture"/>: <c>MODELOPS_TEST_POSTGRES</c> or one started with
/// initdb) and one S3-compatible server (<see cref="S3ServerFixture"/>: <c>MODELOPS_TEST_S3_ENDPOINT</c> or moto_server), both
/// started once for the run and stopped after it. When either cannot be had, the tests fail saying what to install.
/// </summary>
[CollectionDefinition(Name)]
public sealed class FleetServers : ICollectionFixture<PostgreSqlFixture>, ICollectionFixture<S3ServerFixture>
{
    public const string Name = "Fleet: PostgreSQL and S3";
}
