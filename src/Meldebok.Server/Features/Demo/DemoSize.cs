namespace Meldebok.Server.Features.Demo;

/// <summary>How large a demo municipality to generate.</summary>
internal enum DemoSize
{
    /// <summary>For development: three schools and a few hundred pupils.</summary>
    Small,

    /// <summary>For benchmarks: Trondheim's scale, about 60 schools, 22 000 pupils and 40 000 guardians.</summary>
    Trondheim,
}

/// <summary>The numbers that make one size of demo municipality.</summary>
/// <param name="Size">The size these numbers belong to.</param>
/// <param name="MunicipalityNameIndex">Which of <see cref="DemoPlaceNames.Municipalities"/> the default seed names the municipality after.</param>
/// <param name="Schools">How many schools (grades 1–7).</param>
/// <param name="ClassesPerGrade">How many parallel classes each grade has, school by school in turn; the list repeats.</param>
/// <param name="MinClassSize">Fewest pupils in a class.</param>
/// <param name="MaxClassSize">Most pupils in a class.</param>
/// <param name="Administrators">Municipality administrators.</param>
internal sealed record DemoProfile(
    DemoSize Size,
    int MunicipalityNameIndex,
    int Schools,
    int[] ClassesPerGrade,
    int MinClassSize,
    int MaxClassSize,
    int Administrators)
{
    public static DemoProfile For(DemoSize size) => size switch
    {
        DemoSize.Small => new(size, MunicipalityNameIndex: 0, Schools: 3, ClassesPerGrade: [1, 1, 2], MinClassSize: 14, MaxClassSize: 22, Administrators: 2),
        // 60 schools × 7 grades × 2.5 classes × 21 pupils ≈ 22 000 pupils.
        DemoSize.Trondheim => new(size, MunicipalityNameIndex: 9, Schools: 60, ClassesPerGrade: [2, 3, 1, 3, 2, 4, 2, 3], MinClassSize: 16, MaxClassSize: 26, Administrators: 4),
        _ => throw new ArgumentOutOfRangeException(nameof(size), size, null),
    };
}
