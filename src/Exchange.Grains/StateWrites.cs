namespace Exchange.Grains;

/// <summary>Grain state writes that leave memory as storage has it when they fail.</summary>
internal static class StateWrites
{
    /// <summary>
    /// Writes the state, or runs <paramref name="undo"/> (putting back what the change replaced) and rethrows when the write
    /// fails: an activation that kept the unstored change would answer a retry as if it were stored.
    /// </summary>
    public static async Task WriteOrUndoAsync<T>(this IPersistentState<T> state, Action undo)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            undo();
            throw;
        }
    }
}
