// generated from openapi/ by scripts/generate.mjs: do not edit, run `npm run generate`
// The request side of every operation: what src/core/validate.ts checks
// before src/core/request-check.ts lets a call go.

export const requestRules = {
  "baseUrl": "https://api.mavenlink.com/api/v1",
  "operations": {
    "listInsightsAccessGroupMemberships": {
      "method": "GET",
      "path": "/insights_access_group_memberships",
      "parameters": [
        {
          "name": "by_access_group_id",
          "in": "query",
          "schema": {
            "type": "integer",
            "format": "int32",
            "minimum": 1
          }
        },
        {
          "name": "by_user_name",
          "in": "query",
          "schema": {
            "type": "string"
          }
        },
        {
          "name": "user_ids",
          "in": "query",
          "schema": {
            "type": "array",
            "uniqueItems": true,
            "items": {
              "type": "integer",
              "format": "int32",
              "minimum": 1
            }
          }
        },
        {
          "name": "only",
          "in": "query",
          "schema": {
            "type": "array",
            "uniqueItems": true,
            "items": {
              "type": "integer",
              "format": "int32",
              "minimum": 1
            }
          }
        },
        {
          "name": "include",
          "in": "query",
          "schema": {
            "type": "array",
            "uniqueItems": true,
            "items": {
              "type": "string",
              "enum": [
                "user"
              ]
            }
          }
        },
        {
          "name": "optional_fields",
          "in": "query",
          "schema": {
            "type": "array",
            "uniqueItems": true,
            "items": {
              "type": "string",
              "enum": [
                "user_name",
                "account_permission"
              ]
            }
          }
        },
        {
          "name": "order",
          "in": "query",
          "schema": {
            "type": "string",
            "enum": [
              "created_at:asc",
              "created_at:desc"
            ],
            "default": "created_at:desc"
          }
        },
        {
          "name": "page",
          "in": "query",
          "schema": {
            "type": "integer",
            "format": "int32",
            "minimum": 1,
            "default": 1
          }
        },
        {
          "name": "per_page",
          "in": "query",
          "schema": {
            "type": "integer",
            "format": "int32",
            "minimum": 1,
            "maximum": 200,
            "default": 20
          }
        }
      ]
    },
    "createInsightsAccessGroupMembership": {
      "method": "POST",
      "path": "/insights_access_group_memberships",
      "parameters": [
        {
          "name": "include",
          "in": "query",
          "schema": {
            "type": "array",
            "uniqueItems": true,
            "items": {
              "type": "string",
              "enum": [
                "user"
              ]
            }
          }
        },
        {
          "name": "optional_fields",
          "in": "query",
          "schema": {
            "type": "array",
            "uniqueItems": true,
            "items": {
              "type": "string",
              "enum": [
                "user_name",
                "account_permission"
              ]
            }
          }
        }
      ],
      "body": {
        "type": "object",
        "required": [
          "insights_access_group_membership"
        ],
        "additionalProperties": false,
        "properties": {
          "insights_access_group_membership": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "user_id",
              "insights_access_group_id"
            ],
            "properties": {
              "user_id": {
                "type": "integer",
                "format": "int32",
                "minimum": 1
              },
              "insights_access_group_id": {
                "type": "integer",
                "format": "int32",
                "minimum": 1
              }
            }
          }
        }
      }
    },
    "getInsightsAccessGroupMembership": {
      "method": "GET",
      "path": "/insights_access_group_memberships/{id}",
      "parameters": [
        {
          "name": "id",
          "in": "path",
          "required": true,
          "schema": {
            "type": "integer",
            "format": "int32",
            "minimum": 1
          }
        },
        {
          "name": "include",
          "in": "query",
          "schema": {
            "type": "array",
            "uniqueItems": true,
            "items": {
              "type": "string",
              "enum": [
                "user"
              ]
            }
          }
        },
        {
          "name": "optional_fields",
          "in": "query",
          "schema": {
            "type": "array",
            "uniqueItems": true,
            "items": {
              "type": "string",
              "enum": [
                "user_name",
                "account_permission"
              ]
            }
          }
        }
      ]
    },
    "updateInsightsAccessGroupMembership": {
      "method": "PUT",
      "path": "/insights_access_group_memberships/{id}",
      "parameters": [
        {
          "name": "id",
          "in": "path",
          "required": true,
          "schema": {
            "type": "integer",
            "format": "int32",
            "minimum": 1
          }
        },
        {
          "name": "include",
          "in": "query",
          "schema": {
            "type": "array",
            "uniqueItems": true,
            "items": {
              "type": "string",
              "enum": [
                "user"
              ]
            }
          }
        },
        {
          "name": "optional_fields",
          "in": "query",
          "schema": {
            "type": "array",
            "uniqueItems": true,
            "items": {
              "type": "string",
              "enum": [
                "user_name",
                "account_permission"
              ]
            }
          }
        }
      ],
      "body": {
        "type": "object",
        "required": [
          "insights_access_group_membership"
        ],
        "additionalProperties": false,
        "properties": {
          "insights_access_group_membership": {
            "type": "object",
            "additionalProperties": false,
            "minProperties": 1,
            "properties": {
              "can_edit": {
                "type": "boolean"
              }
            }
          }
        }
      }
    },
    "deleteInsightsAccessGroupMembership": {
      "method": "DELETE",
      "path": "/insights_access_group_memberships/{id}",
      "parameters": [
        {
          "name": "id",
          "in": "path",
          "required": true,
          "schema": {
            "type": "integer",
            "format": "int32",
            "minimum": 1
          }
        }
      ]
    },
    "listUsers": {
      "method": "GET",
      "path": "/users",
      "parameters": [
        {
          "name": "on_my_account",
          "in": "query",
          "schema": {
            "type": "boolean"
          }
        },
        {
          "name": "by_email_address",
          "in": "query",
          "schema": {
            "type": "string"
          }
        },
        {
          "name": "by_email_addresses",
          "in": "query",
          "schema": {
            "type": "array",
            "uniqueItems": true,
            "maxItems": 200,
            "items": {
              "type": "string"
            }
          }
        },
        {
          "name": "by_full_name",
          "in": "query",
          "schema": {
            "type": "string"
          }
        },
        {
          "name": "only",
          "in": "query",
          "schema": {
            "type": "array",
            "uniqueItems": true,
            "items": {
              "type": "integer",
              "format": "int32",
              "minimum": 1
            }
          }
        },
        {
          "name": "show_disabled",
          "in": "query",
          "schema": {
            "type": "boolean",
            "default": false
          }
        },
        {
          "name": "show_users_in_insights_groups",
          "in": "query",
          "schema": {
            "type": "boolean"
          }
        },
        {
          "name": "include",
          "in": "query",
          "schema": {
            "type": "array",
            "uniqueItems": true,
            "items": {
              "type": "string",
              "enum": [
                "account_membership"
              ]
            }
          }
        },
        {
          "name": "optional_fields",
          "in": "query",
          "schema": {
            "type": "array",
            "uniqueItems": true,
            "items": {
              "type": "string",
              "enum": [
                "bio",
                "website",
                "city",
                "state",
                "country",
                "abbreviated_timezone",
                "last_site_activity",
                "classification"
              ]
            }
          }
        },
        {
          "name": "order",
          "in": "query",
          "schema": {
            "type": "string",
            "enum": [
              "alphabetical:asc",
              "alphabetical:desc"
            ],
            "default": "alphabetical:asc"
          }
        },
        {
          "name": "page",
          "in": "query",
          "schema": {
            "type": "integer",
            "format": "int32",
            "minimum": 1,
            "default": 1
          }
        },
        {
          "name": "per_page",
          "in": "query",
          "schema": {
            "type": "integer",
            "format": "int32",
            "minimum": 1,
            "maximum": 200,
            "default": 20
          }
        }
      ]
    },
    "getMyUser": {
      "method": "GET",
      "path": "/users/me",
      "parameters": [
        {
          "name": "include",
          "in": "query",
          "schema": {
            "type": "array",
            "uniqueItems": true,
            "items": {
              "type": "string",
              "enum": [
                "account_membership"
              ]
            }
          }
        },
        {
          "name": "optional_fields",
          "in": "query",
          "schema": {
            "type": "array",
            "uniqueItems": true,
            "items": {
              "type": "string",
              "enum": [
                "bio",
                "website",
                "city",
                "state",
                "country",
                "abbreviated_timezone",
                "last_site_activity",
                "classification"
              ]
            }
          }
        }
      ]
    },
    "getUser": {
      "method": "GET",
      "path": "/users/{id}",
      "parameters": [
        {
          "name": "id",
          "in": "path",
          "required": true,
          "schema": {
            "type": "integer",
            "format": "int32",
            "minimum": 1
          }
        },
        {
          "name": "include",
          "in": "query",
          "schema": {
            "type": "array",
            "uniqueItems": true,
            "items": {
              "type": "string",
              "enum": [
                "account_membership"
              ]
            }
          }
        },
        {
          "name": "optional_fields",
          "in": "query",
          "schema": {
            "type": "array",
            "uniqueItems": true,
            "items": {
              "type": "string",
              "enum": [
                "bio",
                "website",
                "city",
                "state",
                "country",
                "abbreviated_timezone",
                "last_site_activity",
                "classification"
              ]
            }
          }
        }
      ]
    }
  }
} as const;
