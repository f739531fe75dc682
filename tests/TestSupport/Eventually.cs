namespace Exchange.TestSupport;

/// <summary>Waits on a condition with a deadline that says what was awaited, instead of sleeping blindly.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds; throws naming <paramref name="what"/> when it never does.</summary>
    public static async Task HoldsAsync(string what, TimeSpan timeout, Func<Task<bool>> condition, TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                last = ex;
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(200));
        }

        throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {what}; it never happened.", last);
    }
}
