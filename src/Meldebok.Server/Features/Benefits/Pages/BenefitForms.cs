using System.Globalization;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Web;

namespace Meldebok.Server.Features.Benefits.Pages;

/// <summary>The addresses of the benefit pages.</summary>
internal static class BenefitPaths
{
    public const string Dashboard = BenefitsPage.Path;
    public const string BenefitTemplate = "/ansatt/gevinster/{Id:guid}";
    public const string EditTemplate = "/ansatt/gevinster/{Id:guid}/endre";
    public const string NewBenefit = "/ansatt/gevinster/ny";
    public const string Measures = "/ansatt/gevinster/tiltak";
    public const string NewMeasure = "/ansatt/gevinster/tiltak/ny";
    public const string MeasureTemplate = "/ansatt/gevinster/tiltak/{Id:guid}";

    public static string Benefit(Guid id) => $"/ansatt/gevinster/{id}";
    public static string Edit(Guid id) => $"/ansatt/gevinster/{id}/endre";
    public static string NewIn(Guid projectId) => $"{NewBenefit}?prosjekt={projectId}";
    public static string Measure(Guid id) => $"/ansatt/gevinster/tiltak/{id}";
    public static string NewMeasureFor(Guid benefitId) => $"{NewMeasure}?gevinst={benefitId}";

    public const string NewPortfolio = "/ansatt/gevinster/portefoljer/ny";
    public const string PortfolioTemplate = "/ansatt/gevinster/portefoljer/{Id:guid}";
    public const string NewProject = "/ansatt/gevinster/prosjekter/ny";
    public const string ProjectTemplate = "/ansatt/gevinster/prosjekter/{Id:guid}";

    public static string Portfolio(Guid id) => $"/ansatt/gevinster/portefoljer/{id}";
    public static string NewProjectIn(Guid portfolioId) => $"{NewProject}?portefolje={portfolioId}";
    public static string Project(Guid id) => $"/ansatt/gevinster/prosjekter/{id}";
    public static string DashboardSaved(string what) => $"{Dashboard}?lagret={what}";
}

/// <summary>
/// The errors of one form on a benefit page, keyed by the field names the service uses (<c>owner</c>, <c>targets[0].date</c>),
/// so that each message is shown beside its field and the field points to it (<c>aria-describedby</c>, <c>aria-invalid</c>).
/// </summary>
public sealed class BenefitFormErrors
{
    private readonly Dictionary<string, List<string>> _byField = new(StringComparer.Ordinal);
    private readonly List<string> _rules = [];

    public bool Any => _byField.Count > 0 || _rules.Count > 0;

    /// <summary>Every message, field errors first, for the summary at the top of the form.</summary>
    public IReadOnlyList<string> All => [.. _byField.Values.SelectMany(m => m), .. _rules];

    public IReadOnlyList<string> For(string field) => _byField.TryGetValue(field, out var messages) ? messages : [];

    public void Add(string field, string message)
    {
        if (!_byField.TryGetValue(field, out var messages))
        {
            _byField[field] = messages = [];
        }

        messages.Add(message);
    }

    /// <summary>A broken rule that belongs to no field (the service's 409), shown in the summary only.</summary>
    public void AddRule(string message) => _rules.Add(message);

    public void AddAll(IEnumerable<KeyValuePair<string, string[]>> errors, Func<string, string>? rename = null)
    {
        foreach (var (field, messages) in errors)
        {
            foreach (var message in messages)
            {
                Add(rename?.Invoke(field) ?? field, message);
            }
        }
    }

    /// <summary>Validates a request as the API's filter does, then keeps the errors by field; true when it is valid.</summary>
    public bool Validate(object request)
    {
        var errors = new Dictionary<string, string[]>();
        ValidationFilter.Collect(request, errors);
        AddAll(errors);
        return !Any;
    }

    public string? Invalid(string field) => _byField.ContainsKey(field) ? "true" : null;

    /// <summary>The id of the element that holds the field's error, when it has one (with the field's hint, if any).</summary>
    public string? DescribedBy(string field, string inputId, string? hintId = null) =>
        _byField.ContainsKey(field) ? (hintId is null ? ErrorId(inputId) : $"{hintId} {ErrorId(inputId)}") : hintId;

    public static string ErrorId(string inputId) => inputId + "-error";
}

/// <summary>Reading the values of a benefit form as people type them: decimal comma or point, ISO dates from date inputs.</summary>
internal static class BenefitFormValues
{
    /// <summary>A figure for reading (thousands separated, at most two decimals), or a dash when there is none.</summary>
    public static string Display(decimal? value) => value is { } number ? number.ToString("#,0.##", WebUiSetup.FormatCulture) : "–";

    /// <summary>A figure for a form field: every decimal the service keeps, no thousands separator.</summary>
    public static string Number(decimal? value) => value?.ToString("0.####", WebUiSetup.FormatCulture) ?? "";

    public static string Date(DateOnly? value) => value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    /// <summary>A decimal written with a comma or a point, spaces as thousands separators; null when empty; an error when not a number.</summary>
    public static decimal? Decimal(string? text, string field, string message, BenefitFormErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var normal = new string([.. text.Where(c => !char.IsWhiteSpace(c))]).Replace(',', '.').Replace('\u2212', '-');
        if (decimal.TryParse(normal, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.Add(field, message);
        return null;
    }

    public static DateOnly? ParseDate(string? text, string field, string message, BenefitFormErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add(field, message);
        return null;
    }

    public static TEnum? Enum<TEnum>(string? text) where TEnum : struct, Enum =>
        System.Enum.TryParse<TEnum>(text, ignoreCase: false, out var value) && System.Enum.IsDefined(value) ? value : null;

    public static Guid? Id(string? text) => Guid.TryParse(text, out var id) ? id : null;
}
