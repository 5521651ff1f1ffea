namespace Meldebok.Server.Infrastructure.Api;

/// <summary>
/// Collects the field errors a service finds after DataAnnotations have passed (rules that need the
/// database or the clock), so that one 400 answer names every bad field rather than the first one.
/// </summary>
internal sealed class FieldErrors
{
    private readonly Dictionary<string, string[]> _errors = [];

    public bool Has(string field) => _errors.ContainsKey(field);

    public void Add(string field, string message) =>
        _errors[field] = _errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];

    /// <summary>Awaits a check that rejects with <see cref="FieldValidationException"/> and keeps its errors.</summary>
    public async Task CollectAsync(Task check)
    {
        try
        {
            await check;
        }
        catch (FieldValidationException exception)
        {
            foreach (var (field, messages) in exception.Errors)
            {
                foreach (var message in messages)
                {
                    Add(field, message);
                }
            }
        }
    }

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw new FieldValidationException(_errors);
        }
    }
}
