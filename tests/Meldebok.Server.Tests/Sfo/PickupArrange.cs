using System.Net;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Features.Sfo;
using Meldebok.Server.Features.Sfo.Pickup;
using Meldebok.Server.Infrastructure.Api;
using Meldebok.Server.Tests.Absence;
using Meldebok.Server.Tests.Infrastructure;
using Meldebok.Server.Tests.Pupils;
using Meldebok.Server.Tests.Roster;

namespace Meldebok.Server.Tests.Sfo;

/// <summary>
/// The absence world (pupil A at SFO with its unit, guardians Kari and Per with parental responsibility) with an SFO worker
/// of pupil A's SFO group.
/// </summary>
internal sealed record PickupWorld(AbsenceWorld Absence, HttpClient SfoStaff, Guid SfoStaffId)
{
    public Guid PupilA => Absence.PupilA;
    public HttpClient Kari => Absence.GuardianA;
    public AdminSession Admin => Absence.Admin;
    public Guid SfoUnitId => Absence.SfoUnitId;
}

internal static class PickupArrange
{
    public static string Persons(Guid pupilId) => $"/api/v1/pupils/{pupilId}/pickup-persons";
    public static string Rules(Guid pupilId) => $"/api/v1/pupils/{pupilId}/pickup-rules";
    public static string MessagesUrl(Guid pupilId) => $"/api/v1/pupils/{pupilId}/pickup-messages";
    public static string Plan(Guid pupilId, DateOnly date) =>
        $"/api/v1/pupils/{pupilId}/pickup-plan?date={date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}";

    public static async Task<PickupWorld> ArrangePickupWorldAsync(this MeldebokApp app)
    {
        var absence = await app.ArrangeAbsenceWorldAsync();
        var (sfo, _, staffId) = await app.StaffClientAsync(absence.Admin, absence.SchoolId, StaffRole.SfoStaff, absence.Roster.SfoGroup);
        return new PickupWorld(absence, sfo, staffId);
    }

    /// <summary>A new guardian of pupil A with the given link, signed in.</summary>
    public static async Task<(Guid Id, HttpClient Client)> GuardianOfAAsync(
        this MeldebokApp app, PickupWorld world, string givenName, bool responsibility, bool dailyCare, bool information)
    {
        var guardian = await world.Admin.CreateGuardianAsync(RosterTestData.Guardian(givenName, "Hansen"));
        await (await world.Admin.Client.PostJsonAsync("/api/v1/admin/guardian-links",
                new GuardianLinkCreateRequest(guardian.Id, world.PupilA, responsibility, dailyCare, information, Blocked: false)))
            .ReadAsync<GuardianLinkResponse>(HttpStatusCode.Created);
        return (guardian.Id, await app.GuardianClientAsync(guardian.Id));
    }

    public static async Task<PickupPersonResponse> AddPersonAsync(
        this HttpClient guardian, Guid pupilId, string name = "Randi Hansen", string relation = "Bestemor", string phone = "912 34 567", DateOnly? validUntil = null) =>
        await (await guardian.PostJsonAsync(Persons(pupilId), new PickupPersonRequest(name, relation, phone, validUntil)))
            .ReadAsync<PickupPersonResponse>(HttpStatusCode.Created);

    public static async Task<PickupRuleResponse> AddRuleAsync(this HttpClient guardian, Guid pupilId, PickupRuleRequest request) =>
        await (await guardian.PostJsonAsync(Rules(pupilId), request)).ReadAsync<PickupRuleResponse>(HttpStatusCode.Created);

    public static async Task<PickupMessageResponse> SendAsync(this HttpClient guardian, Guid pupilId, PickupMessageRequest request) =>
        await (await guardian.PostJsonAsync(MessagesUrl(pupilId), request)).ReadAsync<PickupMessageResponse>(HttpStatusCode.Created);

    public static async Task<PickupDayResponse> PlanAsync(this HttpClient client, Guid pupilId, DateOnly date) =>
        await client.GetJsonAsync<PickupDayResponse>(Plan(pupilId, date));

    public static async Task<IReadOnlyList<PickupMessageResponse>> MessagesAsync(this HttpClient client, Guid pupilId, string query = "") =>
        (await client.GetPageAsync<PickupMessageResponse>($"{MessagesUrl(pupilId)}?pageSize=200{query}")).Items;

    public static PickupRuleRequest Rule(DayOfWeek weekday, DepartureMethod method = DepartureMethod.Bus, Guid? person = null,
        DateOnly? from = null, DateOnly? until = null, TimeOnly? time = null, string? note = null) =>
        new(weekday, method, time ?? new TimeOnly(15, 30), person, note, from, until);

    /// <summary>The next weekday on or after <paramref name="from"/> that is <paramref name="weekday"/>.</summary>
    public static DateOnly Next(DateOnly from, DayOfWeek weekday) => from.AddDays(((int)weekday - (int)from.DayOfWeek + 7) % 7);
}
