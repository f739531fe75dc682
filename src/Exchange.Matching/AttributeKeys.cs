namespace Exchange.Matching;

/// <summary>Packs ask attribute sets and bid constraint sets into 64-bit keys and tests them against each other.</summary>
internal static class AttributeKeys
{
    public static ulong ForAsk(byte region, byte tier, ushort policies) =>
        region | ((ulong)tier << 8) | ((ulong)policies << 16);

    public static ulong ForBid(uint allowedRegions, byte minTier, ushort requiredPolicies) =>
        allowedRegions | ((ulong)minTier << 32) | ((ulong)requiredPolicies << 40);

    public static bool Compatible(ulong askKey, ulong bidKey)
    {
        int region = (int)(askKey & 0xFF);
        uint tier = (uint)((askKey >> 8) & 0xFF);
        uint policies = (uint)((askKey >> 16) & 0xFFFF);
        uint allowed = (uint)bidKey;
        uint minTier = (uint)((bidKey >> 32) & 0xFF);
        uint required = (uint)((bidKey >> 40) & 0xFFFF);
        return (allowed == 0 || ((allowed >> region) & 1) != 0)
            && tier >= minTier
            && (policies & required) == required;
    }
}
