-- Signed reading batches as received, and the readings taken from them. The body and its signature are kept byte for
-- byte, with the key that verified them, so anyone holding the key can check a stored reading later. A reading is
-- one allocation's cumulative counters at one sequence; the key (allocation, sequence) makes a resent reading find
-- the stored one. Counters can never be negative and never claim more requests meeting the SLO than were made.
CREATE TABLE meter_batches
(
    batch_id    bigint      NOT NULL GENERATED ALWAYS AS IDENTITY,
    cluster_id  text        NOT NULL,
    key_id      text        NOT NULL,
    body        bytea       NOT NULL,
    signature   text        NOT NULL,
    received_at timestamptz NOT NULL DEFAULT clock_timestamp(),

    CONSTRAINT pk_meter_batches PRIMARY KEY (batch_id),
    CONSTRAINT fk_meter_batches_key FOREIGN KEY (cluster_id, key_id) REFERENCES meter_keys (cluster_id, key_id)
);

CREATE TABLE meter_readings
(
    allocation_id        text        NOT NULL,
    sequence             bigint      NOT NULL CHECK (sequence >= 1),
    batch_id             bigint      NOT NULL REFERENCES meter_batches (batch_id),
    at                   timestamptz NOT NULL,
    input_tokens         bigint      NOT NULL CHECK (input_tokens >= 0),
    cached_input_tokens  bigint      NOT NULL CHECK (cached_input_tokens >= 0),
    output_tokens        bigint      NOT NULL CHECK (output_tokens >= 0),
    requests             bigint      NOT NULL CHECK (requests >= 0),
    requests_meeting_slo bigint      NOT NULL CHECK (requests_meeting_slo >= 0 AND requests_meeting_slo <= requests),
    errors               bigint      NOT NULL CHECK (errors >= 0),

    CONSTRAINT pk_meter_readings PRIMARY KEY (allocation_id, sequence)
);

CREATE INDEX ix_meter_readings_batch ON meter_readings (batch_id);
