// One PostgreSQL for the whole run of this test assembly (DESIGN.md §6).
[assembly: AssemblyFixture(typeof(Meldebok.Testing.PostgresServer))]
