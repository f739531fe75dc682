using System.Text.RegularExpressions;

namespace Exchange.Silo.Api.Requests;

/// <summary>The shapes of ids the API accepts.</summary>
public static partial class Ids
{
    // Anchored with \z, not $: in .NET '$' also matches before a final newline, so "acme\n" would pass.

    /// <summary>Tenant and cluster ids: lower-case letters, digits and '-', 2 to 64 characters.</summary>
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,63}\\z")]
    public static partial Regex Resource();

    public const string ResourceHint = "Must be 2 to 64 lower-case letters, digits or '-', starting with a letter or digit.";

    /// <summary>Client order ids and idempotency keys: printable ASCII without spaces, at most 64 (128 for keys) characters.</summary>
    [GeneratedRegex("^[\\x21-\\x7E]+\\z")]
    public static partial Regex Printable();

    public const string PrintableHint = "Must be printable ASCII without spaces.";

    /// <summary>ISO 3166-1 alpha-2 country codes.</summary>
    public static bool IsCountry(string code) =>
        code.Length == 2 && char.IsAsciiLetterUpper(code[0]) && char.IsAsciiLetterUpper(code[1]) && Countries.Contains(code, StringComparison.Ordinal);

    // The officially assigned ISO 3166-1 alpha-2 codes (249); two capitals found here are always one whole code.
    private const string Countries =
        " AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI"
        + " CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP"
        + " GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK"
        + " LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA"
        + " PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF"
        + " TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW ";
}
