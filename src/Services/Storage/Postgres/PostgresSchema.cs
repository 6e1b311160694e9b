namespace ProdStock.Services.Storage.Postgres;

/// <summary>
/// The PostgreSQL schema as an ordered list of migrations; <c>prodstock_schema.version</c> records how many have been
/// applied. A new version appends a migration and never edits an old one. The tables mirror the SQLite engine's; what
/// is PostgreSQL's own are the stock row versions and the triggers that tell every host what changed.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>The channel every committed change is announced on (see <see cref="StockChangeNotification"/>).</summary>
    public const string ChangeChannel = "prodstock_changes";

    public static readonly IReadOnlyList<string> Migrations =
    [
        // 1: the tables of SQLite's migrations 1-3, plus versioned stock rows and change notifications.
        $$"""
        CREATE TABLE products (
            prod_id    integer PRIMARY KEY,
            prod_name  text    NOT NULL,
            prod_price real    NOT NULL
        );
        CREATE TABLE product_stocks (
            prod_id  integer NOT NULL REFERENCES products(prod_id) ON DELETE CASCADE,
            area     integer NOT NULL,
            quantity integer NOT NULL CHECK (quantity >= 0),
            version  bigint  NOT NULL DEFAULT 0,
            PRIMARY KEY (prod_id, area)
        );
        CREATE TABLE orders (
            order_id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            order_no         text        NOT NULL UNIQUE,
            user_id          integer     NOT NULL,
            order_money      real        NOT NULL,
            order_time       timestamptz NOT NULL,
            time_from_client boolean     NOT NULL,
            created_at       timestamptz NOT NULL
        );
        CREATE TABLE order_lines (
            order_id integer NOT NULL REFERENCES orders(order_id) ON DELETE CASCADE,
            line_no  integer NOT NULL,
            prod_id  integer NOT NULL,
            area     integer NOT NULL,
            quantity integer NOT NULL CHECK (quantity > 0),
            PRIMARY KEY (order_id, line_no)
        );
        CREATE TABLE stock_adjustments (
            adjustment_id      text        PRIMARY KEY,
            prod_id            integer     NOT NULL,
            area               integer     NOT NULL,
            delta              integer     NOT NULL CHECK (delta <> 0),
            resulting_quantity integer     NOT NULL CHECK (resulting_quantity >= 0),
            created_at         timestamptz NOT NULL
        );
        CREATE TABLE user_scores (
            user_id    integer PRIMARY KEY,
            user_score integer NOT NULL
        );

        -- Every change of a stock row, by ProdStock or by hand, counts up its version: a host that sees version n+2
        -- after n knows it missed a change.
        CREATE FUNCTION prodstock_count_stock_version() RETURNS trigger LANGUAGE plpgsql AS $body$
        BEGIN
            NEW.version := OLD.version + 1;
            RETURN NEW;
        END
        $body$;
        CREATE TRIGGER product_stocks_version BEFORE UPDATE ON product_stocks
            FOR EACH ROW EXECUTE FUNCTION prodstock_count_stock_version();

        -- Each statement that sets stock announces the new levels, "prod:area:quantity:version" comma-separated,
        -- delivered at commit; a statement touching more rows than one notification carries asks for a reload.
        CREATE FUNCTION prodstock_announce_stock() RETURNS trigger LANGUAGE plpgsql AS $body$
        DECLARE
            payload text;
        BEGIN
            IF (SELECT count(*) FROM changed) > {{StockChangeNotification.MaxLevels}} THEN
                payload := '{{StockChangeNotification.Reload}}';
            ELSE
                SELECT string_agg(prod_id || ':' || area || ':' || quantity || ':' || version, ',') INTO payload FROM changed;
            END IF;
            IF payload IS NOT NULL THEN
                PERFORM pg_notify('{{ChangeChannel}}', payload);
            END IF;
            RETURN NULL;
        END
        $body$;
        CREATE TRIGGER product_stocks_updated AFTER UPDATE ON product_stocks REFERENCING NEW TABLE AS changed
            FOR EACH STATEMENT EXECUTE FUNCTION prodstock_announce_stock();
        CREATE TRIGGER product_stocks_inserted AFTER INSERT ON product_stocks REFERENCING NEW TABLE AS changed
            FOR EACH STATEMENT EXECUTE FUNCTION prodstock_announce_stock();

        -- Any other change a read model holds (products, deleted stock rows, scores) asks every host to reload.
        CREATE FUNCTION prodstock_announce_reload() RETURNS trigger LANGUAGE plpgsql AS $body$
        BEGIN
            PERFORM pg_notify('{{ChangeChannel}}', '{{StockChangeNotification.Reload}}');
            RETURN NULL;
        END
        $body$;
        CREATE TRIGGER products_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON products
            FOR EACH STATEMENT EXECUTE FUNCTION prodstock_announce_reload();
        CREATE TRIGGER product_stocks_deleted AFTER DELETE OR TRUNCATE ON product_stocks
            FOR EACH STATEMENT EXECUTE FUNCTION prodstock_announce_reload();
        CREATE TRIGGER user_scores_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON user_scores
            FOR EACH STATEMENT EXECUTE FUNCTION prodstock_announce_reload();
        """,

        // 2: the stock announcement starts with the database's clock ("@<unix ms>/"), so hosts can measure how long a
        // change took to reach their read model (the cross-host lag metric).
        $$"""
        CREATE OR REPLACE FUNCTION prodstock_announce_stock() RETURNS trigger LANGUAGE plpgsql AS $body$
        DECLARE
            payload text;
        BEGIN
            IF (SELECT count(*) FROM changed) > {{StockChangeNotification.MaxLevels}} THEN
                payload := '{{StockChangeNotification.Reload}}';
            ELSE
                SELECT '@' || (extract(epoch FROM clock_timestamp()) * 1000)::bigint || '/'
                       || string_agg(prod_id || ':' || area || ':' || quantity || ':' || version, ',')
                INTO payload FROM changed HAVING count(*) > 0;
            END IF;
            IF payload IS NOT NULL THEN
                PERFORM pg_notify('{{ChangeChannel}}', payload);
            END IF;
            RETURN NULL;
        END
        $body$;
        """,

        // 3: 64-bit order ids, so they never run out (an int4 identity stops at 2^31 - 1). Ids a rolled-back batch
        // took from the sequence are not reused, but orders are looked up under their lock before any insert, so a
        // replay or a conflicting order never takes one.
        """
        ALTER TABLE order_lines ALTER COLUMN order_id TYPE bigint;
        ALTER TABLE orders ALTER COLUMN order_id TYPE bigint;
        ALTER TABLE orders ALTER COLUMN order_id SET MAXVALUE 9223372036854775807;
        """,
    ];

    /// <summary>The schema version a fully migrated database has.</summary>
    public static int CurrentVersion => Migrations.Count;
}
