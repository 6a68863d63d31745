-- CRM seed for the customer application's database source (customer_staging_load, source customer_db).
-- Portable: runs unchanged on PostgreSQL, MariaDB/MySQL and H2 (also H2 MODE=PostgreSQL).
-- TIMESTAMP NULL (not NOT NULL) keeps MariaDB from adding DEFAULT/ON UPDATE CURRENT_TIMESTAMP
-- when explicit_defaults_for_timestamp is off. Timestamps are local, without time zone.
-- With runDate = 2026-01-15, `WHERE updated_at >= :runDate` selects 1001, 1010, 1015 and 1020.
DROP TABLE IF EXISTS customer;
CREATE TABLE customer (
    customer_id BIGINT NOT NULL,
    status      VARCHAR(20),
    updated_at  TIMESTAMP NULL,
    PRIMARY KEY (customer_id)
);
INSERT INTO customer (customer_id, status, updated_at) VALUES (1001, 'active', '2026-01-15 06:00:00');
INSERT INTO customer (customer_id, status, updated_at) VALUES (1003, 'inactive', '2026-01-02 09:00:00');
INSERT INTO customer (customer_id, status, updated_at) VALUES (1010, 'pending', '2026-01-15 07:30:00');
INSERT INTO customer (customer_id, status, updated_at) VALUES (1014, 'suspended', '2026-01-10 12:00:00');
INSERT INTO customer (customer_id, status, updated_at) VALUES (1015, 'SUSPENDED', '2026-01-15 05:00:00');
INSERT INTO customer (customer_id, status, updated_at) VALUES (1020, 'active', '2026-01-15 08:00:00');
