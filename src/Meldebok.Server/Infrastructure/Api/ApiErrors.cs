using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Meldebok.Server.Infrastructure.Api;

/// <summary>Bad input that names its field(s); answered as 400 ValidationProblem.</summary>
internal sealed class FieldValidationException(IDictionary<string, string[]> errors)
    : Exception("Input failed validation: " + string.Join(", ", errors.Keys))
{
    public FieldValidationException(string field, string message) : this(new Dictionary<string, string[]> { [field] = [message] }) { }

    public IDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>A request that breaks a rule of the domain (e.g. a duplicate); answered as 409.</summary>
internal sealed class RuleConflictException(string detail) : Exception(detail);

/// <summary>
/// The caller's role does not allow the action (e.g. office staff deciding a leave application) where the
/// object's existence is no secret to them; answered as 403.
/// </summary>
internal sealed class RoleDeniedException(string detail) : Exception(detail);

/// <summary>
/// A request refused with a particular status and a Norwegian detail where no field error fits: 413 for a file over the
/// limit, 415 for a file of a type that is not allowed or a body that is not a form, 503 for a dependency that did not answer.
/// </summary>
internal sealed class ProblemException(int status, string detail) : Exception(detail)
{
    public int Status { get; } = status;
}

/// <summary>
/// Turns exceptions into RFC 9457 ProblemDetails: field errors and unreadable bodies into 400,
/// rule conflicts and unique-key violations into 409, anything else into a 500 that reveals nothing.
/// </summary>
internal sealed partial class ProblemDetailsExceptionHandler(IProblemDetailsService problemDetails, ILogger<ProblemDetailsExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails? problem = exception switch
        {
            FieldValidationException validation => new HttpValidationProblemDetails(validation.Errors) { Status = 400 },
            BadHttpRequestException badRequest => BadRequestProblem(badRequest),
            RuleConflictException conflict => new ProblemDetails { Status = 409, Detail = conflict.Message },
            RoleDeniedException denied => new ProblemDetails { Status = 403, Detail = denied.Message },
            ProblemException refused => new ProblemDetails { Status = refused.Status, Detail = refused.Message },
            // A row changed between reading and writing it (e.g. an upload attached to two messages at once).
            Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException =>
                new ProblemDetails { Status = 409, Detail = "Noen andre endret dette samtidig. Last inn på nytt og prøv igjen." },
            Microsoft.EntityFrameworkCore.DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } } =>
                new ProblemDetails { Status = 409, Detail = "Det finnes allerede en oppføring med de samme opplysningene." },
            // PostgreSQL cannot store NUL characters (22021); that is bad input, not a server error.
            PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire }
                or Microsoft.EntityFrameworkCore.DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire } } =>
                new ProblemDetails { Status = 400, Detail = "Forespørselen inneholder tegn som ikke er tillatt (for eksempel NUL-tegn)." },
            _ => null,
        };

        if (problem is null)
        {
            logger.LogError(exception, "Unhandled exception for {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            problem = new ProblemDetails { Status = 500 };
        }
        else
        {
            logger.LogInformation("Request rejected with {Status}: {Reason}", problem.Status, exception.Message);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ProblemDetails BadRequestProblem(BadHttpRequestException exception)
    {
        // A JSON body that does not parse or has a value of the wrong type: name the field from its JSON path.
        if (exception.InnerException is JsonException json)
        {
            var field = JsonPathToField(json.Path);
            return new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                [field] = [json.Path is null or "$" ? "Forespørselen inneholder ikke gyldig JSON." : "Verdien har feil format eller type."],
            })
            { Status = 400 };
        }

        // A route or query value that does not bind: 'Failed to bind parameter "Guid? SchoolId" from "abc".'
        if (exception.StatusCode == 400 && ParameterName(exception.Message) is { } parameter)
        {
            return new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                [parameter] = ["Verdien har feil format eller type."],
            })
            { Status = 400 };
        }

        return new ProblemDetails
        {
            Status = exception.StatusCode,
            Detail = exception.StatusCode == 415
                ? "Forespørselen må sendes som application/json."
                : "Forespørselen kunne ikke leses. Kontroller parameterne og innholdet.",
        };
    }

    /// <summary>The camelCase name of the parameter a binding failure names ("Type name" in quotes), or null.</summary>
    private static string? ParameterName(string message)
    {
        System.Text.RegularExpressions.Match match;
        try
        {
            match = BindingFailure().Match(message);
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            // Only a starved thread times out on a message this short; the answer is then the plain 400, never an exception
            // out of the handler (the middleware would rethrow the original one).
            return null;
        }

        if (!match.Success)
        {
            return null;
        }

        var name = match.Groups["name"].Value;
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"parameter ""(?:[^""]*[\s?>\]])?(?<name>[A-Za-z_][A-Za-z0-9_]*)""", System.Text.RegularExpressions.RegexOptions.None, 1000)]
    private static partial System.Text.RegularExpressions.Regex BindingFailure();

    private static string JsonPathToField(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "body";
        }

        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }
}

internal static class ProblemDetailsSetup
{
    private static readonly Dictionary<int, string> NorwegianTitles = new()
    {
        [400] = "Ugyldig forespørsel",
        [401] = "Du må logge inn",
        [403] = "Ingen tilgang",
        [404] = "Fant ikke det du ba om",
        [405] = "Metoden er ikke tillatt her",
        [409] = "Forespørselen er i konflikt med gjeldende regler",
        [413] = "Forespørselen er for stor",
        [415] = "Ugyldig innholdstype",
        [422] = "Forespørselen kan ikke behandles",
        [429] = "For mange forespørsler",
        [500] = "Noe gikk galt hos oss",
        [503] = "Tjenesten er midlertidig utilgjengelig",
    };

    public static void AddMeldebokProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            if (NorwegianTitles.TryGetValue(status, out var title))
            {
                problem.Title = title;
            }

            if (problem is HttpValidationProblemDetails && status == 400)
            {
                problem.Detail ??= "Ett eller flere felt har ugyldige verdier.";
            }

            problem.Instance ??= context.HttpContext.Request.Path;
            problem.Extensions["traceId"] = context.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        // Let binding failures reach the handler above so that the field can be named.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
    }
}
