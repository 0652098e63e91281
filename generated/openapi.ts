// generated from openapi/ by scripts/generate.mjs: do not edit, run `npm run generate`

export interface paths {
    "/insights_access_group_memberships": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Insights Access Group Memberships
         * @description Returns one page of memberships, in `results` order (newest first unless `order` says
         *     otherwise). `count` and `meta` give the total for the whole query, so a client can walk
         *     every page with `page` and `per_page` (at most 200) until `meta.page_count`.
         *
         *     Filter by group (`by_access_group_id`), by user (`user_ids`, `by_user_name`) or by id
         *     (`only`). A user belongs to at most one classic Insights Access Group, so
         *     `user_ids=<id>` finds the one membership to update, move or delete.
         */
        get: operations["listInsightsAccessGroupMemberships"];
        put?: never;
        /**
         * Create an Insights Access Group Membership
         * @description Adds a user to a classic Insights Access Group. Only an **Account Administrator** may
         *     call this endpoint. Success is `200` (not `201`), with the new membership in the usual
         *     envelope. `can_edit` cannot be set here; update the new membership to change it.
         *
         *     A user belongs to at most one classic Insights Access Group: to move one, delete the
         *     old membership first, then create the new one.
         */
        post: operations["createInsightsAccessGroupMembership"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/insights_access_group_memberships/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The id of the Insights Access Group Membership: a positive whole number. Kantata returns
                 *     it as a string in `results[].id`.
                 * @example 42
                 */
                id: components["parameters"]["MembershipId"];
            };
            cookie?: never;
        };
        /**
         * Get an Insights Access Group Membership
         * @description Returns one membership in the usual envelope. An id that does not exist, or that
         *     Kantata's default filters hide from the caller, answers 404.
         */
        get: operations["getInsightsAccessGroupMembership"];
        /**
         * Update an Insights Access Group Membership
         * @description Changes whether the member may create and edit custom classic Insights dashboards and
         *     reports (`can_edit`). Only an **Account Administrator** may call this endpoint.
         *
         *     - **Access to all data.** Turning `can_edit` on opens every piece of the account's
         *       data to the member through Insights.
         *     - **Delay.** Kantata may take up to 15 minutes to apply a `can_edit` change.
         *     - **Moving a member.** A membership cannot be moved to another Insights Access Group:
         *       delete it, then create a new membership in the other group.
         *
         *     The answer is the usual envelope: `results` lists the updated membership as
         *     `{key: "insights_access_group_memberships", id}`, and the record itself is found under
         *     that id in the `insights_access_group_memberships` map. Users asked for with
         *     `include=user` come back in the `users` map, keyed by `user_id`.
         */
        put: operations["updateInsightsAccessGroupMembership"];
        post?: never;
        /**
         * Delete an Insights Access Group Membership
         * @description Removes the user from the classic Insights Access Group. Only an **Account
         *     Administrator** may call this endpoint. Success is `204` with no body.
         */
        delete: operations["deleteInsightsAccessGroupMembership"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List users
         * @description Returns one page of users, in `results` order (by full name unless `order` says
         *     otherwise). With `on_my_account=true`, every user on the caller's account; without it,
         *     only users who share a project with the caller. Find users by email address
         *     (`by_email_address`, or up to 200 at once with `by_email_addresses`), by name
         *     (`by_full_name`) or by id (`only`); `show_users_in_insights_groups=true` keeps only users
         *     with access to Insights. `include=account_membership` side-loads whether each
         *     user is an Account Administrator.
         */
        get: operations["listUsers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get the caller's own user
         * @description Returns the user the access token belongs to, in the usual envelope. With
         *     `include=account_membership`, whether that user is an Account Administrator: the one
         *     check a tool can make before it tries to change memberships.
         */
        get: operations["getMyUser"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The id of the user, a positive whole number. Kantata returns it as a string in `results[].id`.
                 * @example 1001
                 */
                id: components["parameters"]["UserId"];
            };
            cookie?: never;
        };
        /**
         * Get a user
         * @description Returns one user in the usual envelope; 404 when the caller cannot see that user.
         */
        get: operations["getUser"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @description Paging figures for the request as a whole.
         * @example {
         *       "count": 1,
         *       "page_count": 1,
         *       "page_number": 1,
         *       "page_size": 20
         *     }
         */
        Meta: {
            /**
             * Format: int32
             * @description How many records the whole query matches.
             */
            count?: number;
            /** Format: int32 */
            page_count?: number;
            /** Format: int32 */
            page_number?: number;
            /** Format: int32 */
            page_size?: number;
        };
        /**
         * @description Points at one record of the answer, in order.
         * @example {
         *       "key": "insights_access_group_memberships",
         *       "id": "42"
         *     }
         */
        ResultReference: {
            /** @description The top-level map that holds the record. */
            key: string;
            /** @description The record's key in that map. */
            id: string;
        };
        /**
         * @description One user's membership in one classic Insights Access Group. Its id is its key in the
         *     `insights_access_group_memberships` map and the `id` of its entry in `results`; Kantata's
         *     response-format examples show records carrying it as an `id` property too, as a string.
         *     `user_name` and `account_permission` are returned only when asked for through
         *     `optional_fields`. Kantata's own description marks no field required. The five listed as
         *     required here are on every membership Kantata was seen to return; `kantata-insights verify`
         *     reports any live answer that lacks one, so the claim is checked, not assumed.
         * @example {
         *       "can_edit": false,
         *       "created_at": "2019-08-24T14:15:22Z",
         *       "updated_at": "2019-08-24T14:15:22Z",
         *       "insights_access_group_id": 7,
         *       "insights_access_group_name": "Reports Viewers",
         *       "user_id": 1001
         *     }
         */
        InsightsAccessGroupMembership: {
            /** @description The membership's id, as in `results` and the map's key. */
            id?: string;
            /**
             * @description Whether the member may create and edit custom classic Insights dashboards and reports.
             *     Warning: this right opens every piece of the account's data to the member through
             *     Insights. A change may take up to 15 minutes to take effect.
             */
            can_edit: boolean;
            /**
             * Format: date-time
             * @description When the user was added to the group.
             */
            created_at: string;
            /**
             * Format: date-time
             * @description When the membership last changed.
             */
            updated_at: string;
            /**
             * Format: int32
             * @description The classic Insights Access Group the user belongs to.
             */
            insights_access_group_id: number;
            /** @description The name of that group. */
            insights_access_group_name?: string;
            /**
             * Format: int32
             * @description The member. With `include=user`, the User is in the `users` map under this id.
             */
            user_id: number;
            /** @description The member's name. Returned only with `optional_fields=user_name`. */
            user_name?: string;
            /**
             * @description The member's account-level permission. Returned only with
             *     `optional_fields=account_permission`.
             */
            account_permission?: string;
        };
        /**
         * @description A Kantata user, as side-loaded with `include=user`. Ids of related records are strings
         *     here. Fields marked "optional field" are returned only when asked for through
         *     `optional_fields` on a Users request; fields marked "with include" only when that
         *     association is included on a Users request.
         * @example {
         *       "full_name": "Ada Lovelace",
         *       "email_address": "ada@example.com",
         *       "headline": "Analyst",
         *       "photo_path": "https://app.mavenlink.com/images/avatar.png"
         *     }
         */
        User: {
            /** @description The user's id, as in `results[].id`; on a Users request's records. */
            id?: string;
            full_name?: string;
            email_address?: string;
            headline?: string;
            photo_path?: string;
            /** @description Optional field. */
            abbreviated_timezone?: string;
            /** @description Optional field. */
            bio?: string;
            /** @description Optional field. */
            city?: string;
            /** @description Optional field. Whether the user is internal or external (`Internal`, `External`). */
            classification?: string;
            /** @description Optional field. */
            country?: string;
            /**
             * Format: date-time
             * @description Optional field. When the user was last active; filled only for Account
             *     Administrators filtering with `on_my_account`.
             */
            last_site_activity?: string;
            /** @description Optional field. */
            state?: string;
            /** @description Optional field. */
            website?: string;
            /** @description With include `account_membership`. */
            account_membership_id?: string;
            /** @description With include `custom_field_values`. */
            custom_field_value_ids?: string[];
            /** @description With include `external_references`. */
            external_reference_ids?: string[];
            /** @description With include `manager`. */
            manager_id?: string;
            /** @description With include `role`. */
            role_id?: string;
            /** @description With include `skills`. */
            skill_ids?: string[];
            /** @description With include `skill_memberships`. */
            skill_membership_ids?: string[];
            /** @description With include `work_samples`. */
            work_sample_ids?: string[];
        };
        /**
         * @description Kantata's response envelope: `results` says which records the answer is about and in
         *     what order; the records themselves sit in maps keyed by id. Only `results` is always
         *     there: a page may come without `count` or `meta`, and an empty page without the map. A map
         *     must hold every record `results` names under its key.
         */
        InsightsAccessGroupMembershipEnvelope: {
            /**
             * Format: int32
             * @description How many records the whole query matches.
             */
            count?: number;
            meta?: components["schemas"]["Meta"];
            results: components["schemas"]["ResultReference"][];
            /** @description Memberships keyed by id. */
            insights_access_group_memberships?: {
                [key: string]: components["schemas"]["InsightsAccessGroupMembership"];
            };
            /** @description Users side-loaded with `include=user`, keyed by id. */
            users?: {
                [key: string]: components["schemas"]["User"];
            };
        };
        /**
         * @description One problem with a request. Kantata's own description requires neither key; every entry
         *     seen carries a `message`, and the client keeps an entry's message even when `type` is
         *     missing.
         * @example {
         *       "type": "validation",
         *       "message": "can_edit is not a boolean",
         *       "field": "can_edit"
         *     }
         */
        Error: {
            /**
             * @description The kind of problem. Kantata documents `oauth` (authentication), `system`
             *     (for example a cancelled account) and `validation` (a field's value was refused).
             */
            type?: string;
            /** @description A human-readable explanation. */
            message: string;
            /** @description For `validation` errors, the field that was refused. */
            field?: string;
        };
        /**
         * @description The body of every error answer.
         * @example {
         *       "errors": [
         *         {
         *           "type": "system",
         *           "message": "Service is unavailable"
         *         }
         *       ]
         *     }
         */
        ErrorList: {
            errors: components["schemas"]["Error"][];
        };
        /**
         * @description Who joins which classic Insights Access Group.
         * @example {
         *       "insights_access_group_membership": {
         *         "user_id": 1001,
         *         "insights_access_group_id": 8
         *       }
         *     }
         */
        InsightsAccessGroupMembershipCreate: {
            insights_access_group_membership: {
                /**
                 * Format: int32
                 * @description The user to add.
                 */
                user_id: number;
                /**
                 * Format: int32
                 * @description The classic Insights Access Group to add the user to.
                 */
                insights_access_group_id: number;
            };
        };
        /**
         * @description The fields of an Insights Access Group Membership that can be changed.
         * @example {
         *       "insights_access_group_membership": {
         *         "can_edit": true
         *       }
         *     }
         */
        InsightsAccessGroupMembershipUpdate: {
            /** @description What to change; at least one field, since an empty update changes nothing. */
            insights_access_group_membership: {
                /**
                 * @description Whether the member may create and edit custom classic Insights dashboards and
                 *     reports. Warning: `true` opens every piece of the account's data to the member
                 *     through Insights. Kantata may take up to 15 minutes to apply the change.
                 */
                can_edit?: boolean;
            };
        };
        /**
         * @description A user's membership of the Kantata account, side-loaded with `include=account_membership`.
         *     Only Account Administrators (`is_administrator: true`) may create, update or delete Insights
         *     Access Group Memberships.
         * @example {
         *       "is_administrator": true,
         *       "permission": "administrator",
         *       "disabled_at": null
         *     }
         */
        AccountMembership: {
            /** @description Whether the user is an Account Administrator. */
            is_administrator?: boolean;
            /**
             * @description The user's account-level permission.
             * @enum {string}
             */
            permission?: "administrator" | "reports_viewer_with_cost" | "reports_viewer" | "project_lead" | "project_creator" | "collaborator" | "external_collaborator" | "punch_clock";
            /**
             * Format: date-time
             * @description When the account membership was disabled; `null` while it is active. Kantata's description
             *     gives only `date-time`: that an active membership holds `null` is inferred from its answers.
             */
            disabled_at?: string | null;
            /** @description The user, with `include=user` on an account memberships request. */
            user_id?: string;
        };
        /**
         * @description Kantata's response envelope for users: `results` says which users the answer is about and in
         *     what order; the users sit in the `users` map keyed by id, and side-loaded account memberships
         *     in `account_memberships`. Only `results` is always there: a page may come without `count` or
         *     `meta`, and an empty page without the `users` map, which must hold every user `results` names.
         */
        UserEnvelope: {
            /**
             * Format: int32
             * @description How many users the whole query matches.
             */
            count?: number;
            meta?: components["schemas"]["Meta"];
            results: components["schemas"]["ResultReference"][];
            /** @description Users keyed by id. */
            users?: {
                [key: string]: components["schemas"]["User"];
            };
            /** @description Account memberships side-loaded with `include=account_membership`, keyed by id. */
            account_memberships?: {
                [key: string]: components["schemas"]["AccountMembership"];
            };
        };
    };
    responses: {
        /** @description Bad Request: the request could not be understood, for example malformed JSON. */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "errors": [
                 *         {
                 *           "type": "system",
                 *           "message": "The request could not be parsed."
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["ErrorList"];
            };
        };
        /** @description Unauthorized request: the access token is missing, expired or revoked. */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "errors": [
                 *         {
                 *           "type": "oauth",
                 *           "message": "Invalid OAuth 2 Request"
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["ErrorList"];
            };
        };
        /** @description Forbidden request: the caller is not allowed to do this; only Account Administrators may change memberships. */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "errors": [
                 *         {
                 *           "type": "system",
                 *           "message": "You do not have permission to perform this action."
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["ErrorList"];
            };
        };
        /** @description Page Not Found: no membership has this id, or the caller cannot see it. */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "errors": [
                 *         {
                 *           "type": "system",
                 *           "message": "The requested resource could not be found."
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["ErrorList"];
            };
        };
        /** @description Unprocessable Entity: the request was understood but a value was refused. */
        UnprocessableEntity: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "errors": [
                 *         {
                 *           "type": "validation",
                 *           "message": "can_edit is not a valid value",
                 *           "field": "can_edit"
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["ErrorList"];
            };
        };
        /**
         * @description Too Many Requests: the account or application went over a Kantata rate limit. Wait, then
         *     retry; honour `Retry-After` when it is present.
         */
        TooManyRequests: {
            headers: {
                "Retry-After": components["headers"]["RetryAfter"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "errors": [
                 *         {
                 *           "type": "system",
                 *           "message": "Too many requests, please try again later."
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["ErrorList"];
            };
        };
        /** @description Service is unavailable: Kantata is down or in maintenance; try again later. */
        ServiceUnavailable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "errors": [
                 *         {
                 *           "type": "system",
                 *           "message": "Service is unavailable."
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["ErrorList"];
            };
        };
    };
    parameters: {
        /**
         * @description Only memberships of this classic Insights Access Group.
         * @example 7
         */
        ByAccessGroupId: number;
        /**
         * @description Only memberships of users with this name.
         * @example Ada Lovelace
         */
        ByUserName: string;
        /**
         * @description Only memberships of these users, sent as one comma-separated value (`user_ids=1001,1002`).
         * @example [
         *       1001,
         *       1002
         *     ]
         */
        UserIds: number[];
        /**
         * @description Only the memberships with these ids, sent as one comma-separated value (`only=5,6,7`).
         *     Ids that match nothing are left out without an error.
         * @example [
         *       5,
         *       6,
         *       7
         *     ]
         */
        Only: number[];
        /**
         * @description Associations to side-load, sent as one comma-separated value (`include=user`).
         *     - `user`: the member's User record, returned in the top-level `users` map and linked
         *       through the membership's `user_id`.
         * @example [
         *       "user"
         *     ]
         */
        Include: "user"[];
        /**
         * @description Fields that Kantata leaves out unless asked for, sent as one comma-separated value
         *     (`optional_fields=user_name,account_permission`).
         *     - `user_name`: the member's name.
         *     - `account_permission`: the member's account-level permission.
         * @example [
         *       "user_name",
         *       "account_permission"
         *     ]
         */
        OptionalFields: ("user_name" | "account_permission")[];
        /**
         * @description The order of `results`, as `field:direction`.
         * @example created_at:asc
         */
        Order: "created_at:asc" | "created_at:desc";
        /**
         * @description Which page of results to return, counting from 1.
         * @example 1
         */
        Page: number;
        /**
         * @description How many records a page holds, at most 200.
         * @example 200
         */
        PerPage: number;
        /**
         * @description The id of the Insights Access Group Membership: a positive whole number. Kantata returns
         *     it as a string in `results[].id`.
         * @example 42
         */
        MembershipId: number;
        /**
         * @description With `true`, every user on the caller's account. Without it, Kantata returns only users who
         *     share a project with the caller. It cannot be combined with `account_id`.
         * @example true
         */
        OnMyAccount: boolean;
        /**
         * @description Only the users whose email address exactly matches this one.
         * @example ada@example.com
         */
        ByEmailAddress: string;
        /**
         * @description Only the users whose email address exactly matches one of these, sent as one
         *     comma-separated value; at most 200 addresses a request.
         * @example [
         *       "ada@example.com",
         *       "grace@example.com"
         *     ]
         */
        ByEmailAddresses: string[];
        /**
         * @description Only the users whose full name contains this text.
         * @example Lovelace
         */
        ByFullName: string;
        /**
         * @description Only the users with these ids, sent as one comma-separated value (`only=1001,1002`). Ids
         *     that match nothing are left out without an error.
         * @example [
         *       1001,
         *       1002
         *     ]
         */
        UserOnly: number[];
        /**
         * @description With `true`, also users whose account membership is disabled, whether an Account Administrator
         *     or the Kantata team disabled it.
         * @example true
         */
        ShowDisabled: boolean;
        /**
         * @description With `true`, only users who have access to Insights: the members of a classic Insights Access
         *     Group. The natural filter for an access review; read the memberships too, to learn which group
         *     each user is in and whether they may edit.
         * @example true
         */
        ShowUsersInInsightsGroups: boolean;
        /**
         * @description Associations to side-load, sent as one comma-separated value.
         *     - `account_membership`: the user's membership of the account (whether they are an Account
         *       Administrator, their permission), returned in the top-level `account_memberships` map and
         *       linked through the user's `account_membership_id`.
         * @example [
         *       "account_membership"
         *     ]
         */
        UserInclude: "account_membership"[];
        /**
         * @description Fields of a user that Kantata leaves out unless asked for, sent as one comma-separated value.
         *     `last_site_activity` is filled only for Account Administrators filtering with `on_my_account`.
         * @example [
         *       "city",
         *       "classification"
         *     ]
         */
        UserOptionalFields: ("bio" | "website" | "city" | "state" | "country" | "abbreviated_timezone" | "last_site_activity" | "classification")[];
        /**
         * @description The order of `results`, by full name.
         * @example alphabetical:desc
         */
        UserOrder: "alphabetical:asc" | "alphabetical:desc";
        /**
         * @description The id of the user, a positive whole number. Kantata returns it as a string in `results[].id`.
         * @example 1001
         */
        UserId: number;
    };
    requestBodies: never;
    headers: {
        /**
         * @description How long to wait before retrying: a number of seconds or an HTTP date. Kantata does not
         *     document this header; clients honour it when it is sent.
         * @example 2
         */
        RetryAfter: string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listInsightsAccessGroupMemberships: {
        parameters: {
            query?: {
                /**
                 * @description Only memberships of this classic Insights Access Group.
                 * @example 7
                 */
                by_access_group_id?: components["parameters"]["ByAccessGroupId"];
                /**
                 * @description Only memberships of users with this name.
                 * @example Ada Lovelace
                 */
                by_user_name?: components["parameters"]["ByUserName"];
                /**
                 * @description Only memberships of these users, sent as one comma-separated value (`user_ids=1001,1002`).
                 * @example [
                 *       1001,
                 *       1002
                 *     ]
                 */
                user_ids?: components["parameters"]["UserIds"];
                /**
                 * @description Only the memberships with these ids, sent as one comma-separated value (`only=5,6,7`).
                 *     Ids that match nothing are left out without an error.
                 * @example [
                 *       5,
                 *       6,
                 *       7
                 *     ]
                 */
                only?: components["parameters"]["Only"];
                /**
                 * @description Associations to side-load, sent as one comma-separated value (`include=user`).
                 *     - `user`: the member's User record, returned in the top-level `users` map and linked
                 *       through the membership's `user_id`.
                 * @example [
                 *       "user"
                 *     ]
                 */
                include?: components["parameters"]["Include"];
                /**
                 * @description Fields that Kantata leaves out unless asked for, sent as one comma-separated value
                 *     (`optional_fields=user_name,account_permission`).
                 *     - `user_name`: the member's name.
                 *     - `account_permission`: the member's account-level permission.
                 * @example [
                 *       "user_name",
                 *       "account_permission"
                 *     ]
                 */
                optional_fields?: components["parameters"]["OptionalFields"];
                /**
                 * @description The order of `results`, as `field:direction`.
                 * @example created_at:asc
                 */
                order?: components["parameters"]["Order"];
                /**
                 * @description Which page of results to return, counting from 1.
                 * @example 1
                 */
                page?: components["parameters"]["Page"];
                /**
                 * @description How many records a page holds, at most 200.
                 * @example 200
                 */
                per_page?: components["parameters"]["PerPage"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A list of Insights Access Group Memberships has been retrieved. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InsightsAccessGroupMembershipEnvelope"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createInsightsAccessGroupMembership: {
        parameters: {
            query?: {
                /**
                 * @description Associations to side-load, sent as one comma-separated value (`include=user`).
                 *     - `user`: the member's User record, returned in the top-level `users` map and linked
                 *       through the membership's `user_id`.
                 * @example [
                 *       "user"
                 *     ]
                 */
                include?: components["parameters"]["Include"];
                /**
                 * @description Fields that Kantata leaves out unless asked for, sent as one comma-separated value
                 *     (`optional_fields=user_name,account_permission`).
                 *     - `user_name`: the member's name.
                 *     - `account_permission`: the member's account-level permission.
                 * @example [
                 *       "user_name",
                 *       "account_permission"
                 *     ]
                 */
                optional_fields?: components["parameters"]["OptionalFields"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["InsightsAccessGroupMembershipCreate"];
            };
        };
        responses: {
            /** @description The Insights Access Group Membership has been created. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InsightsAccessGroupMembershipEnvelope"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getInsightsAccessGroupMembership: {
        parameters: {
            query?: {
                /**
                 * @description Associations to side-load, sent as one comma-separated value (`include=user`).
                 *     - `user`: the member's User record, returned in the top-level `users` map and linked
                 *       through the membership's `user_id`.
                 * @example [
                 *       "user"
                 *     ]
                 */
                include?: components["parameters"]["Include"];
                /**
                 * @description Fields that Kantata leaves out unless asked for, sent as one comma-separated value
                 *     (`optional_fields=user_name,account_permission`).
                 *     - `user_name`: the member's name.
                 *     - `account_permission`: the member's account-level permission.
                 * @example [
                 *       "user_name",
                 *       "account_permission"
                 *     ]
                 */
                optional_fields?: components["parameters"]["OptionalFields"];
            };
            header?: never;
            path: {
                /**
                 * @description The id of the Insights Access Group Membership: a positive whole number. Kantata returns
                 *     it as a string in `results[].id`.
                 * @example 42
                 */
                id: components["parameters"]["MembershipId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The Insights Access Group Membership has been retrieved. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InsightsAccessGroupMembershipEnvelope"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateInsightsAccessGroupMembership: {
        parameters: {
            query?: {
                /**
                 * @description Associations to side-load, sent as one comma-separated value (`include=user`).
                 *     - `user`: the member's User record, returned in the top-level `users` map and linked
                 *       through the membership's `user_id`.
                 * @example [
                 *       "user"
                 *     ]
                 */
                include?: components["parameters"]["Include"];
                /**
                 * @description Fields that Kantata leaves out unless asked for, sent as one comma-separated value
                 *     (`optional_fields=user_name,account_permission`).
                 *     - `user_name`: the member's name.
                 *     - `account_permission`: the member's account-level permission.
                 * @example [
                 *       "user_name",
                 *       "account_permission"
                 *     ]
                 */
                optional_fields?: components["parameters"]["OptionalFields"];
            };
            header?: never;
            path: {
                /**
                 * @description The id of the Insights Access Group Membership: a positive whole number. Kantata returns
                 *     it as a string in `results[].id`.
                 * @example 42
                 */
                id: components["parameters"]["MembershipId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["InsightsAccessGroupMembershipUpdate"];
            };
        };
        responses: {
            /** @description The Insights Access Group Membership has been updated. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InsightsAccessGroupMembershipEnvelope"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteInsightsAccessGroupMembership: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The id of the Insights Access Group Membership: a positive whole number. Kantata returns
                 *     it as a string in `results[].id`.
                 * @example 42
                 */
                id: components["parameters"]["MembershipId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The Insights Access Group Membership has been deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listUsers: {
        parameters: {
            query?: {
                /**
                 * @description With `true`, every user on the caller's account. Without it, Kantata returns only users who
                 *     share a project with the caller. It cannot be combined with `account_id`.
                 * @example true
                 */
                on_my_account?: components["parameters"]["OnMyAccount"];
                /**
                 * @description Only the users whose email address exactly matches this one.
                 * @example ada@example.com
                 */
                by_email_address?: components["parameters"]["ByEmailAddress"];
                /**
                 * @description Only the users whose email address exactly matches one of these, sent as one
                 *     comma-separated value; at most 200 addresses a request.
                 * @example [
                 *       "ada@example.com",
                 *       "grace@example.com"
                 *     ]
                 */
                by_email_addresses?: components["parameters"]["ByEmailAddresses"];
                /**
                 * @description Only the users whose full name contains this text.
                 * @example Lovelace
                 */
                by_full_name?: components["parameters"]["ByFullName"];
                /**
                 * @description Only the users with these ids, sent as one comma-separated value (`only=1001,1002`). Ids
                 *     that match nothing are left out without an error.
                 * @example [
                 *       1001,
                 *       1002
                 *     ]
                 */
                only?: components["parameters"]["UserOnly"];
                /**
                 * @description With `true`, also users whose account membership is disabled, whether an Account Administrator
                 *     or the Kantata team disabled it.
                 * @example true
                 */
                show_disabled?: components["parameters"]["ShowDisabled"];
                /**
                 * @description With `true`, only users who have access to Insights: the members of a classic Insights Access
                 *     Group. The natural filter for an access review; read the memberships too, to learn which group
                 *     each user is in and whether they may edit.
                 * @example true
                 */
                show_users_in_insights_groups?: components["parameters"]["ShowUsersInInsightsGroups"];
                /**
                 * @description Associations to side-load, sent as one comma-separated value.
                 *     - `account_membership`: the user's membership of the account (whether they are an Account
                 *       Administrator, their permission), returned in the top-level `account_memberships` map and
                 *       linked through the user's `account_membership_id`.
                 * @example [
                 *       "account_membership"
                 *     ]
                 */
                include?: components["parameters"]["UserInclude"];
                /**
                 * @description Fields of a user that Kantata leaves out unless asked for, sent as one comma-separated value.
                 *     `last_site_activity` is filled only for Account Administrators filtering with `on_my_account`.
                 * @example [
                 *       "city",
                 *       "classification"
                 *     ]
                 */
                optional_fields?: components["parameters"]["UserOptionalFields"];
                /**
                 * @description The order of `results`, by full name.
                 * @example alphabetical:desc
                 */
                order?: components["parameters"]["UserOrder"];
                /**
                 * @description Which page of results to return, counting from 1.
                 * @example 1
                 */
                page?: components["parameters"]["Page"];
                /**
                 * @description How many records a page holds, at most 200.
                 * @example 200
                 */
                per_page?: components["parameters"]["PerPage"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A list of users has been retrieved. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserEnvelope"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getMyUser: {
        parameters: {
            query?: {
                /**
                 * @description Associations to side-load, sent as one comma-separated value.
                 *     - `account_membership`: the user's membership of the account (whether they are an Account
                 *       Administrator, their permission), returned in the top-level `account_memberships` map and
                 *       linked through the user's `account_membership_id`.
                 * @example [
                 *       "account_membership"
                 *     ]
                 */
                include?: components["parameters"]["UserInclude"];
                /**
                 * @description Fields of a user that Kantata leaves out unless asked for, sent as one comma-separated value.
                 *     `last_site_activity` is filled only for Account Administrators filtering with `on_my_account`.
                 * @example [
                 *       "city",
                 *       "classification"
                 *     ]
                 */
                optional_fields?: components["parameters"]["UserOptionalFields"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller's user has been retrieved. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserEnvelope"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getUser: {
        parameters: {
            query?: {
                /**
                 * @description Associations to side-load, sent as one comma-separated value.
                 *     - `account_membership`: the user's membership of the account (whether they are an Account
                 *       Administrator, their permission), returned in the top-level `account_memberships` map and
                 *       linked through the user's `account_membership_id`.
                 * @example [
                 *       "account_membership"
                 *     ]
                 */
                include?: components["parameters"]["UserInclude"];
                /**
                 * @description Fields of a user that Kantata leaves out unless asked for, sent as one comma-separated value.
                 *     `last_site_activity` is filled only for Account Administrators filtering with `on_my_account`.
                 * @example [
                 *       "city",
                 *       "classification"
                 *     ]
                 */
                optional_fields?: components["parameters"]["UserOptionalFields"];
            };
            header?: never;
            path: {
                /**
                 * @description The id of the user, a positive whole number. Kantata returns it as a string in `results[].id`.
                 * @example 1001
                 */
                id: components["parameters"]["UserId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The user has been retrieved. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserEnvelope"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableEntity"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
}
