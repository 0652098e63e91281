// The spec-driven checks for keywords a parameter may carry: maxItems bounds a list sent in one
// request (Kantata takes at most 200 email addresses in one `by_email_addresses`).
import { check } from "../../src/core/validate.js";

const rule = { type: "array", maxItems: 2, uniqueItems: true, items: { type: "string" } } as const;

it("maxItems refuses a longer list, saying how many go in one request", () => {
  expect(() => check(["a", "b"], rule, "params.emails")).not.toThrow();
  expect(() => check(["a", "b", "c"], rule, "params.emails")).toThrow(
    "params.emails: has 3 items; at most 2 go in one request",
  );
});
