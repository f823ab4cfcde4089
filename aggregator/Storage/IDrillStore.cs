using NfBond.Aggregator.Drills;

namespace NfBond.Aggregator.Storage;

/// <summary>Scheduled drills in the shared database: each run is claimed by one row update, so several instances run it once.</summary>
public interface IDrillStore
{
    /// <summary>Adds a schedule.</summary>
    /// <param name="schedule">The schedule (its Id is assigned).</param>
    /// <returns>The stored schedule.</returns>
    DrillSchedule AddDrill(DrillSchedule schedule);

    /// <summary>Lists the schedules.</summary>
    /// <returns>Every schedule.</returns>
    IReadOnlyList<DrillSchedule> Drills();

    /// <summary>Removes a schedule (runs already made stay in the events).</summary>
    /// <param name="id">The schedule.</param>
    /// <returns>Whether it existed.</returns>
    bool RemoveDrill(long id);

    /// <summary>Claims a due run by moving the schedule on to its next time.</summary>
    /// <param name="id">The schedule.</param>
    /// <param name="due">The run time the caller saw.</param>
    /// <param name="next">The time after it.</param>
    /// <returns>Whether this caller runs it.</returns>
    bool ClaimDrill(long id, long due, long next);
}
