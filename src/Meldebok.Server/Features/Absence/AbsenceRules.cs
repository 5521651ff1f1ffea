using System.ComponentModel.DataAnnotations;
using Meldebok.Server.Infrastructure.Api;

namespace Meldebok.Server.Features.Absence;

/// <summary>Limits on absence notices and leave applications (section <c>Absence</c>).</summary>
internal sealed class AbsenceOptions
{
    public const string Section = "Absence";

    /// <summary>How many days back a notice may start (a guardian reporting yesterday's illness).</summary>
    [Range(0, 366)] public int MaxDaysInPast { get; set; } = 14;

    /// <summary>How many days ahead a notice or leave application may reach.</summary>
    [Range(1, 731)] public int MaxDaysAhead { get; set; } = 365;
}

/// <summary>The date rules absence notices and leave applications share.</summary>
internal static class AbsenceDates
{
    /// <summary>
    /// Rejects a period that ends before it starts or lies outside the allowed span around today,
    /// naming the field at fault (<c>lastDate</c> for order, the offending end for the span).
    /// </summary>
    public static void EnsureValid(DateOnly firstDate, DateOnly lastDate, DateOnly today, AbsenceOptions options)
    {
        if (lastDate < firstDate)
        {
            throw new FieldValidationException("lastDate", "Siste dag kan ikke være før første dag.");
        }

        if (firstDate < today.AddDays(-options.MaxDaysInPast))
        {
            throw new FieldValidationException("firstDate", $"Første dag kan være høyst {options.MaxDaysInPast} dager tilbake i tid.");
        }

        if (lastDate > today.AddDays(options.MaxDaysAhead))
        {
            throw new FieldValidationException("lastDate", $"Siste dag kan være høyst {options.MaxDaysAhead} dager fram i tid.");
        }
    }
}
