// One PostgreSQL and one Chromium for the whole run of this test assembly.
[assembly: AssemblyFixture(typeof(Meldebok.Testing.PostgresServer))]
[assembly: AssemblyFixture(typeof(Meldebok.Browser.Tests.Infrastructure.Chromium))]
