using System.Text;

namespace Exchange.Storage.Orders;

/// <summary>PostgreSQL's input form of a text array, every element quoted, so no character in an id can change its meaning.</summary>
internal static class TextArrayLiteral
{
    public static string Of(IReadOnlyList<string> elements)
    {
        var literal = new StringBuilder("{");
        for (var i = 0; i < elements.Count; i++)
        {
            literal.Append(i == 0 ? "\"" : ",\"");
            foreach (var c in elements[i])
            {
                if (c is '"' or '\\')
                {
                    literal.Append('\\');
                }

                literal.Append(c);
            }

            literal.Append('"');
        }

        return literal.Append('}').ToString();
    }
}
