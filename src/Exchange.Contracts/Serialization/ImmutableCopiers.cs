using Exchange.Markets;
using Orleans.Serialization.Cloning;

namespace Exchange.Contracts.Serialization;

// The records of Exchange.Markets are immutable, as [Immutable] used to declare on them: a call within a silo passes
// them by reference instead of copying them through their surrogates (a copy per order would cost the hot path).

[RegisterCopier]
public sealed class OrderRequestCopier : ShallowCopier<OrderRequest>;

[RegisterCopier]
public sealed class SellerClusterCopier : ShallowCopier<SellerCluster>;

[RegisterCopier]
public sealed class FailoverTermsCopier : ShallowCopier<FailoverTerms>;

[RegisterCopier]
public sealed class BuyerConstraintsCopier : ShallowCopier<BuyerConstraints>;

[RegisterCopier]
public sealed class OrderStateCopier : ShallowCopier<OrderState>;

[RegisterCopier]
public sealed class BookViewCopier : ShallowCopier<BookView>;

[RegisterCopier]
public sealed class PriceLevelCopier : ShallowCopier<PriceLevel>;
