// generated from openapi/ by scripts/generate.mjs: do not edit, run `npm run generate`
// The request side of every operation: what src/validate.ts checks and how
// src/query.ts puts each query parameter on the wire.

export const requestRules = {
  "baseUrl": "https://api.mavenlink.com/api/v1",
  "operations": {
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
          "explode": false,
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
          "explode": false,
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
            "properties": {
              "can_edit": {
                "type": "boolean"
              }
            }
          }
        }
      }
    }
  }
} as const;
