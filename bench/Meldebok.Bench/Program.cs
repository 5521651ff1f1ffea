using Meldebok.Bench;

// The benchmarks of bench/: the morning rush (guardians reporting absence; bench/morning-rush/README.md) and, with the
// first argument `afternoon-rush`, the SFO afternoon rush (check-outs, live boards and guardians told;
// bench/afternoon-rush/README.md). Each is measured beside a baseline on the same database in the same run.
if (args is ["afternoon-rush", .. var rest])
{
    var afternoon = AfternoonRushOptions.Parse(rest);
    if (afternoon is null)
    {
        await Console.Error.WriteLineAsync(AfternoonRushOptions.Usage);
        return 2;
    }

    return await AfternoonRush.RunAsync(afternoon);
}

var options = BenchOptions.Parse(args);
if (options is null)
{
    await Console.Error.WriteLineAsync(BenchOptions.Usage);
    return 2;
}

return await MorningRush.RunAsync(options);
