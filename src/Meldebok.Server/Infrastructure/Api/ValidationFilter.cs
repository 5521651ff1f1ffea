using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;

namespace Meldebok.Server.Infrastructure.Api;

/// <summary>
/// Validates every endpoint argument whose type carries DataAnnotations (request bodies and
/// <c>[AsParameters]</c> bundles) and answers 400 ValidationProblem with the field names as the
/// client writes them (camelCase). The framework's own validation keys errors by C# property name.
/// </summary>
internal static class ValidationFilter
{
    private static readonly ConcurrentDictionary<Type, bool> Validatable = new();

    public static TBuilder AddRequestValidation<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((context, next) =>
        {
            var positions = context.MethodInfo.GetParameters()
                .Select((parameter, index) => (parameter.ParameterType, index))
                .Where(p => IsValidatable(p.ParameterType))
                .Select(p => p.index)
                .ToArray();
            if (positions.Length == 0)
            {
                return next;
            }

            return async invocation =>
            {
                var errors = new Dictionary<string, string[]>();
                foreach (var position in positions)
                {
                    if (invocation.Arguments[position] is { } argument)
                    {
                        Collect(argument, errors);
                    }
                }

                return errors.Count > 0 ? TypedResults.ValidationProblem(errors) : await next(invocation);
            };
        });

    /// <summary>Validates <paramref name="instance"/> and adds its errors keyed by camelCase member name.</summary>
    public static void Collect(object instance, IDictionary<string, string[]> errors, string prefix = "")
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(instance, new ValidationContext(instance), results, validateAllProperties: true);
        foreach (var result in results)
        {
            var members = result.MemberNames.Any() ? result.MemberNames : [""];
            foreach (var member in members)
            {
                var key = prefix + (member.Length == 0 ? "body" : JsonNamingPolicy.CamelCase.ConvertName(member));
                errors[key] = errors.TryGetValue(key, out var existing)
                    ? [.. existing, result.ErrorMessage ?? "Ugyldig verdi."]
                    : [result.ErrorMessage ?? "Ugyldig verdi."];
            }
        }

        // A nested object that carries its own rules (e.g. "settings") is validated too, its errors keyed by path: "settings.defaultLanguage".
        foreach (var property in instance.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0 && property.PropertyType.IsClass && property.PropertyType != typeof(string)
                && IsValidatable(property.PropertyType) && property.GetValue(instance) is { } nested)
            {
                Collect(nested, errors, prefix + JsonNamingPolicy.CamelCase.ConvertName(property.Name) + ".");
            }
        }
    }

    private static bool IsValidatable(Type type) => Validatable.GetOrAdd(type, static t =>
        typeof(IValidatableObject).IsAssignableFrom(t)
        || t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Any(p => p.GetCustomAttributes<ValidationAttribute>(inherit: true).Any()));
}
