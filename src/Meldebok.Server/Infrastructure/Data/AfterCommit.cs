namespace Meldebok.Server.Infrastructure.Data;

/// <summary>
/// Work of a request (or job scope) that must wait until its change is committed — above all asking the job server to deliver
/// the notifications the change recorded: a delivery job that ran before the commit would not see them. Where a save commits
/// at once (its own implicit or explicit transaction), the work runs at once. Inside a transaction that commits later — the
/// one-transaction path of idempotent POSTs (<see cref="Idempotency.IdempotentUnitOfWork"/>) — it is held until that commit,
/// dropped on a rollback, and never registered by a replay (a replay does not run the endpoint). Work that fails after the
/// commit is logged, not thrown: the change stands and the client gets its answer, so only work that a sweep makes up for
/// belongs here (the notification delivery job's minutely run delivers whatever is still pending).
/// </summary>
internal sealed class AfterCommit(ILogger<AfterCommit> logger)
{
    /// <summary>Non-null while a transaction that commits later is open.</summary>
    private List<Action>? held;

    /// <summary>Runs <paramref name="work"/> now, or once the open transaction has committed.</summary>
    public void Run(Action work)
    {
        if (held is null)
        {
            Invoke(work);
        }
        else
        {
            held.Add(work);
        }
    }

    /// <summary>A transaction opened that commits later: hold the work registered from now on.</summary>
    public void Hold() => held ??= [];

    /// <summary>The transaction committed: runs the held work, once, in the order it was registered.</summary>
    public void Committed()
    {
        var work = held;
        held = null;
        foreach (var action in work ?? [])
        {
            Invoke(action);
        }
    }

    /// <summary>The transaction rolled back (or its outcome is unknown): the held work is dropped.</summary>
    public void RolledBack() => held = null;

    private void Invoke(Action work)
    {
        try
        {
            work();
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Work after the commit failed; the committed change stands and its sweep makes up for it.");
        }
    }
}
