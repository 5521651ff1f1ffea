using Meldebok.Bench;

// The morning rush: guardians reporting absence concurrently through the whole stack, beside a bare raw-Npgsql
// insert endpoint on the same database, measured in the same run. bench/morning-rush/README.md says how to run it.
var options = BenchOptions.Parse(args);
if (options is null)
{
    await Console.Error.WriteLineAsync(BenchOptions.Usage);
    return 2;
}

return await MorningRush.RunAsync(options);
