using Meldebok.Server.Features.Demo;

namespace Meldebok.Server.Tests.Demo;

/// <summary>The options of the seed-demo verb.</summary>
public sealed class DemoCommandTests
{
    [Fact]
    public void Without_options_the_small_municipality_of_the_default_seed_is_seeded()
    {
        var (options, error) = DemoCommand.Parse([]);

        Assert.Null(error);
        Assert.Equal(new DemoSeedOptions(DemoSize.Small, DemoMunicipalityGenerator.DefaultSeed), options);
    }

    [Theory]
    [InlineData("--size trondheim --seed 42", "Trondheim", 42)]
    [InlineData("--seed=-3 --size=SMALL", "Small", -3)]
    [InlineData("--size Trondheim", "Trondheim", DemoMunicipalityGenerator.DefaultSeed)]
    public void Size_and_seed_are_read_in_either_form(string args, string size, int seed)
    {
        var (options, error) = DemoCommand.Parse(args.Split(' '));

        Assert.Null(error);
        Assert.Equal(new DemoSeedOptions(Enum.Parse<DemoSize>(size), seed), options);
    }

    [Theory]
    [InlineData("--size huge", "--size")]
    [InlineData("--size 1", "--size")]
    [InlineData("--size", "--size")]
    [InlineData("--seed many", "--seed")]
    [InlineData("--colour red", "--colour")]
    public void Bad_options_are_refused_naming_the_option(string args, string option)
    {
        var (options, error) = DemoCommand.Parse(args.Split(' '));

        Assert.Null(options);
        Assert.Contains(option, error, StringComparison.Ordinal);
    }
}
