-- A checkout's status moves only along the saga's transitions (app/models/checkout/status.ts holds
-- the same table, and a test checks that both agree), whoever writes it: Prisma or hand-written SQL.
CREATE FUNCTION "checkout_status_transition"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT ((OLD.status = 'PENDING' AND NEW.status IN ('COMPLETED', 'RELEASED'))
       OR (OLD.status = 'RELEASED' AND NEW.status IN ('REFUNDED', 'REFUND_FAILED'))
       OR (OLD.status = 'REFUND_FAILED' AND NEW.status = 'REFUNDED')) THEN
    RAISE EXCEPTION 'a checkout cannot go from % to %', OLD.status, NEW.status USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "Checkout_status_transition"
  BEFORE UPDATE OF status ON "Checkout"
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION "checkout_status_transition"();
