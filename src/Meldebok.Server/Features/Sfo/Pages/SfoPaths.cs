namespace Meldebok.Server.Features.Sfo.Pages;

/// <summary>The addresses of the SFO day's pages.</summary>
internal static class SfoPaths
{
    /// <summary>The SFO tablet board; <c>?enhet=</c> picks the unit when the staff member works at several.</summary>
    public const string Board = "/sfo/tavle";
    /// <summary>The teacher's handover to SFO; <c>?gruppe=</c> picks the group.</summary>
    public const string Handover = "/ansatt/overlevering";
    /// <summary>The guardian's view of today's SFO status.</summary>
    public const string Guardian = "/sfo";
}
