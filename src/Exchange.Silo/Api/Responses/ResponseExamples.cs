namespace Exchange.Silo.Api.Responses;

/// <summary>Example answers for the OpenAPI document, shaped exactly like the response records.</summary>
public static class ResponseExamples
{
    public const string Tenant = """
        { "id": "acme-ai", "kind": "buyer", "name": "Acme AI GmbH", "jurisdiction": "DE",
          "quota": { "creditLimit": "25000.00", "maxTokensPerPeriod": 5000000000, "maxOpenOrders": 500, "ordersPerSecond": 50, "status": "active" },
          "usage": { "reserved": "840.00", "spent": "1260.50", "openOrders": 3 } }
        """;

    public const string Quota = """{ "creditLimit": "25000.00", "maxTokensPerPeriod": 5000000000, "maxOpenOrders": 500, "ordersPerSecond": 50, "status": "active" }""";

    public const string CreatedKey = """
        { "key": "tox_3f2a9c0d1e4b5a67.Zk3...shown-once...Qw", "keyId": "3f2a9c0d1e4b5a67", "tenantId": "acme-ai", "role": "buyer", "createdAt": "2026-11-28T09:00:00Z" }
        """;

    public const string Keys = """{ "items": [ { "keyId": "3f2a9c0d1e4b5a67", "tenantId": "acme-ai", "role": "buyer", "createdAt": "2026-11-28T09:00:00Z", "revokedAt": null } ] }""";

    public const string Key = """{ "keyId": "3f2a9c0d1e4b5a67", "tenantId": "acme-ai", "role": "buyer", "createdAt": "2026-11-28T09:00:00Z", "revokedAt": "2026-11-28T10:30:00Z" }""";

    public const string Cluster = """
        { "clusterId": "hn-h100-01", "providerId": "hainan-compute", "region": "hainan", "accelerator": "H100", "gpuCount": 64, "tier": 2,
          "models": [ { "model": "chat-70b", "tokensPerSecond": 40000 } ], "dataPolicies": [ "zdr", "no-training" ],
          "status": "online", "lastHeartbeat": "2026-11-28T09:59:40Z",
          "capacity": [ { "periodStart": "2026-11-28T14:00:00Z", "model": "chat-70b", "capacity": 144000000, "offered": 20000000, "allocated": 6000000 } ],
          "statusSince": "2026-11-28T09:12:05Z",
          "health": [ { "at": "2026-11-28T09:12:05Z", "status": "online", "cause": "heartbeat", "reason": "healthy heartbeat", "declaredBy": null },
                      { "at": "2026-11-28T09:10:30Z", "status": "suspect", "cause": "silent", "reason": "no heartbeat or reading since 2026-11-28T09:09:30.0000000+00:00", "declaredBy": null } ] }
        """;

    public const string FailedCluster = """
        { "clusterId": "hn-h100-01", "providerId": "hainan-compute", "region": "hainan", "accelerator": "H100", "gpuCount": 64, "tier": 2,
          "models": [ { "model": "chat-70b", "tokensPerSecond": 40000 } ], "dataPolicies": [ "zdr", "no-training" ],
          "status": "failed", "lastHeartbeat": "2026-11-28T09:59:40Z",
          "capacity": [ { "periodStart": "2026-11-28T14:00:00Z", "model": "chat-70b", "capacity": 144000000, "offered": 0, "allocated": 6000000 } ],
          "statusSince": "2026-11-28T10:00:02Z",
          "health": [ { "at": "2026-11-28T10:00:02Z", "status": "failed", "cause": "declared", "reason": "power supply lost in hall B", "declaredBy": "hainan-compute" } ] }
        """;

    public const string MeterKey = """
        { "clusterId": "hn-h100-01", "keyId": "38ce18d91b1f7076ba2925373f0d7bb77a562b99456b024c2bb17c00f72abbb4",
          "publicKey": "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEdASZEK67H22nKeLKh6i7unaKklXE\nbOW1BaYW14tSL/urC3242sX5nA+SpFOHK4GGeHCHqqXFczqbCjUoMTwiUw==\n-----END PUBLIC KEY-----",
          "algorithm": "ECDSA P-256 with SHA-256 over the exact request body; signature r||s (IEEE P1363, 64 bytes), base64, in the Exchange-Signature header", "registeredAt": "2026-11-28T09:00:00Z" }
        """;

    public const string Readings = """{ "accepted": 1, "duplicates": 0 }""";

    public const string ClusterPage = "{ \"items\": [ " + Cluster + " ], \"nextCursor\": null }";

    public const string Order = """
        { "orderId": "chat-70b.20261128T1400.42", "clientOrderId": "bid-0001", "marketId": "chat-70b.20261128T1400", "side": "buy", "type": "limit",
          "price": "0.42", "quantity": 2000000, "filledQuantity": 500000, "remainingQuantity": 1500000, "cancelledQuantity": 0, "filledNotional": "0.20",
          "status": "partially_filled", "timeInForce": "GTC", "createdAt": "2026-11-28T09:15:02.118Z", "clusterId": null,
          "allocations": [ "chat-70b.20261128T1400.a7" ] }
        """;

    public const string OrderPage = "{ \"items\": [ " + Order + " ], \"nextCursor\": \"MjAyNi0xMS0yOA\" }";

    public const string AllocationPage = """
        { "items": [ { "allocationId": "chat-70b.20261128T1400.a7", "marketId": "chat-70b.20261128T1400", "model": "chat-70b",
          "periodStart": "2026-11-28T14:00:00Z", "periodEnd": "2026-11-28T15:00:00Z", "buyerId": "acme-ai", "buyerJurisdiction": "DE",
          "buyOrderId": "chat-70b.20261128T1400.42", "providerId": "hainan-compute", "clusterId": "hn-h100-01", "region": "hainan",
          "sellOrderId": "chat-70b.20261128T1400.17", "quantity": 500000, "price": "0.40", "notional": "0.20", "matchedAt": "2026-11-28T09:15:02.118Z",
          "sequence": 7, "hash": "9f1c…64 hex…", "prevHash": "3a77…64 hex…", "parentAllocationId": null } ], "nextCursor": null }
        """;

    public const string Regions = """{ "items": [ { "id": "hainan", "name": "Hainan", "freeTradePort": true, "gateway": "Hainan Free Trade Port international data gateway" } ] }""";

    public const string Models = """
        { "items": [ { "id": "chat-70b", "name": "Chat 70B", "family": "chat", "contextTokens": 131072,
                       "weights": { "input": "1", "cachedInput": "0.25", "output": "4" } } ] }
        """;

    public const string Markets = """
        { "items": [ { "marketId": "chat-70b.20261128T1400", "model": "chat-70b", "periodStart": "2026-11-28T14:00:00Z", "periodEnd": "2026-11-28T15:00:00Z",
          "status": "open", "lotSize": 1000, "tickSize": "0.01" } ], "nextCursor": "Y2hhdC03MGIuMjAyNjExMjhUMTQwMA" }
        """;

    public const string Book = """
        { "marketId": "chat-70b.20261128T1400", "bids": [ { "price": "0.41", "quantity": 3000000, "orders": 4 } ],
          "asks": [ { "price": "0.43", "quantity": 12000000, "orders": 2 } ], "lastTradeSequence": 7 }
        """;

    public const string Trades = """{ "items": [ { "sequence": 7, "price": "0.40", "quantity": 500000, "matchedAt": "2026-11-28T09:15:02.118Z" } ], "nextCursor": null }""";

    public const string Summary = """
        { "rows": [ { "region": "hainan", "jurisdiction": "DE", "allocations": 1204, "quantity": 880000000, "notional": "371.52" },
                    { "region": "guangdong", "jurisdiction": "US", "allocations": 310, "quantity": 120000000, "notional": "49.80" } ] }
        """;

    public const string Verify = """
        { "ok": false, "checked": 182734, "marketId": "chat-70b.20261128T1400", "sequence": 42, "problem": "its content does not match its hash (the row was altered)",
          "transfers": { "ok": true, "checked": 9310, "position": null, "transferId": null, "problem": null } }
        """;

    public const string Lifecycle = """
        { "orderId": "chat-70b.20261128T1400.17", "events": [
          { "type": "accepted", "at": "2026-11-28T09:10:00.004Z", "sequence": 17, "quantity": 10000000, "price": "0.40", "allocationId": null },
          { "type": "fill", "at": "2026-11-28T09:15:02.118Z", "sequence": 42, "quantity": 500000, "price": "0.40", "allocationId": "chat-70b.20261128T1400.a7" },
          { "type": "reduced", "at": "2026-11-28T09:20:00.310Z", "sequence": 58, "quantity": 2000000, "price": null, "allocationId": null },
          { "type": "expired", "at": "2026-11-28T14:00:00.000Z", "sequence": 311, "quantity": 7500000, "price": null, "allocationId": null },
          { "type": "reallocated", "at": "2026-11-28T14:21:40.517Z", "sequence": 329, "quantity": 300000, "price": "0.45", "allocationId": "chat-70b.20261128T1400.a31" } ] }
        """;

    public const string Lineage = """
        { "root": "chat-70b.20261128T1400.a7", "allocations": [
          { "allocation": { "allocationId": "chat-70b.20261128T1400.a7", "marketId": "chat-70b.20261128T1400", "model": "chat-70b",
              "periodStart": "2026-11-28T14:00:00Z", "periodEnd": "2026-11-28T15:00:00Z", "buyerId": "acme-ai", "buyerJurisdiction": "DE",
              "buyOrderId": "chat-70b.20261128T1400.42", "providerId": "hainan-compute", "clusterId": "hn-h100-01", "region": "hainan",
              "sellOrderId": "chat-70b.20261128T1400.17", "quantity": 500000, "price": "0.40", "notional": "0.20", "matchedAt": "2026-11-28T09:15:02.118Z",
              "sequence": 7, "hash": "9f1c…64 hex…", "prevHash": "3a77…64 hex…", "parentAllocationId": null },
            "parentAllocationId": null, "cause": "trade", "cover": "0.00", "penalty": "0.012" },
          { "allocation": { "allocationId": "chat-70b.20261128T1400.a31", "marketId": "chat-70b.20261128T1400", "model": "chat-70b",
              "periodStart": "2026-11-28T14:00:00Z", "periodEnd": "2026-11-28T15:00:00Z", "buyerId": "acme-ai", "buyerJurisdiction": "DE",
              "buyOrderId": "chat-70b.20261128T1400.329", "providerId": "pearl-river-gpu", "clusterId": "gd-h800-02", "region": "guangdong",
              "sellOrderId": "chat-70b.20261128T1400.88", "quantity": 300000, "price": "0.45", "notional": "0.135", "matchedAt": "2026-11-28T14:21:40.517Z",
              "sequence": 31, "hash": "c2e0…64 hex…", "prevHash": "71b9…64 hex…", "parentAllocationId": "chat-70b.20261128T1400.a7" },
            "parentAllocationId": "chat-70b.20261128T1400.a7", "cause": "failover", "cover": "0.015", "penalty": "0.00" } ] }
        """;


    public const string PublicKey = """
        { "keyId": "5c1e0b7a9d2f4e61", "algorithm": "ECDSA-P256-SHA256-P1363",
          "publicKeyPem": "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE…\n-----END PUBLIC KEY-----",
          "signedMessage": "UTF-8 of: token-outbound-exchange checkpoint v1\\n{marketId}\\n{sequence}\\n{headHash, lower-case hex}\\n{signedAt, Unix milliseconds}" }
        """;

    public const string Checkpoints = """
        { "items": [ { "marketId": "chat-70b.20261128T1400", "sequence": 1204, "headHash": "9f1c…64 hex…", "signedAt": "2026-11-28T10:00:00.000Z",
          "keyId": "5c1e0b7a9d2f4e61", "signature": "MEUCIQ…base64…" } ], "nextCursor": null }
        """;

    private const string TransferFields = """
        "at": "2026-12-07T09:00:00.123456Z", "debitAccount": "acme-ai:external", "creditAccount": "acme-ai:cash", "amount": "25000.00",
          "allocationId": null, "status": "posted", "reference": "SWIFT 2026-12-07 ACME-0042", "position": 1,
          "hash": "5d41402abc4b2a76b9719d911017c592ae0e9b8f6a1c2d3e4f5a6b7c8d9e0f1a", "prevHash": "0000000000000000000000000000000000000000000000000000000000000000"
        """;

    public const string Deposit = """{ "transferId": "acme-ai.deposit.8f14e45fceea167a5a36dedd4bea2543", "kind": "deposit", """ + TransferFields + " }";

    public const string Payout = """
        { "transferId": "hainan-compute.payout.c9f0f895fb98ab9159f51fd0297e236d", "kind": "payout", "at": "2026-12-07T09:00:00.123456Z",
          "debitAccount": "hainan-compute:payable", "creditAccount": "hainan-compute:external", "amount": "1200.00", "allocationId": null,
          "status": "posted", "reference": "payout 2026-12", "position": 42,
          "hash": "a87ff679a2f3e71d9181a67b7542122c04e4b5e6f7a8b9c0d1e2f3a4b5c6d7e8", "prevHash": "5d41402abc4b2a76b9719d911017c592ae0e9b8f6a1c2d3e4f5a6b7c8d9e0f1a" }
        """;

    public const string TransferPage = "{ \"items\": [ " + Deposit + " ], \"nextCursor\": null }";

    public const string Balances = """
        { "currency": "USD", "cash": "23740.00", "held": "840.00", "escrow": "1260.00", "payable": "0.00", "creditLimit": "10000.00", "available": "32900.00" }
        """;

    public const string Delivery = """
        { "allocationId": "chat-70b.20261207T0900.a17", "quantity": 10000000, "delivered": 4500000, "remaining": 5500000,
          "charged": "1.89", "credited": "0.2625", "refunded": "0.00", "status": "delivering",
          "intervals": [
            { "start": "2026-12-07T09:00:00Z", "end": "2026-12-07T09:05:00Z", "delivered": 2000000, "charged": "0.84", "sloAttainment": "1.0000", "credited": "0.00", "status": "settled", "disputed": 0 },
            { "start": "2026-12-07T09:05:00Z", "end": "2026-12-07T09:10:00Z", "delivered": 2500000, "charged": "1.05", "sloAttainment": "0.9000", "credited": "0.2625", "status": "settled", "disputed": 0 } ],
          "dispute": null, "reallocated": 0 }
        """;

    public const string Dispute = """
        { "disputed": 60000, "dueAt": "2026-12-14T10:15:00Z", "status": "resolved", "awarded": 40000, "resolvedBy": "ops-1",
          "reason": "Provider's request logs show 40,000 token-equivalents served after the buyer's last count.", "endedAt": "2026-12-08T11:02:13Z",
          "charged": "0.016", "credited": "0.00", "refunded": "0.008" }
        """;

    public const string Statement = """
        { "tenantId": "acme-ai", "month": "2026-12", "currency": "USD", "opening": "0.00", "closing": "24997.9475",
          "totals": { "deposit": "25000.00", "escrow": "-4.20", "refund": "1.89", "slo-credit": "0.2625" },
          "lines": [
            { "transferId": "acme-ai.deposit.8f14e45fceea167a5a36dedd4bea2543", "at": "2026-12-07T08:00:00Z", "kind": "deposit", "allocationId": null, "amount": "25000.00", "balanceAfter": "25000.00" },
            { "transferId": "chat-70b.20261207T0900.a17.escrow", "at": "2026-12-07T08:42:01Z", "kind": "escrow", "allocationId": "chat-70b.20261207T0900.a17", "amount": "-4.20", "balanceAfter": "24995.80" },
            { "transferId": "chat-70b.20261207T0900.a17.i2.credit", "at": "2026-12-07T09:10:01Z", "kind": "slo-credit", "allocationId": "chat-70b.20261207T0900.a17", "amount": "0.2625", "balanceAfter": "24996.0625" },
            { "transferId": "chat-70b.20261207T0900.a17.refund", "at": "2026-12-07T10:15:01Z", "kind": "refund", "allocationId": "chat-70b.20261207T0900.a17", "amount": "1.89", "balanceAfter": "24997.9525" } ] }
        """;

    public const string Flows = """
        { "items": [ { "region": "hainan", "jurisdiction": "DE", "delivered": 4500000, "charged": "1.89", "credited": "0.2625", "refunded": "0.00" },
                     { "region": "guangdong", "jurisdiction": "US", "delivered": 120000000, "charged": "50.40", "credited": "0.00", "refunded": "3.36" } ] }
        """;
}
