import ACGAN
import AnimeData
import Foundation

/// The OpenAPI 3.1 description of the API, served at `/openapi.json`.
///
/// Written by hand so it reads well, with every bound taken from `StudioLimits`, the
/// configuration and the served model (its attributes, tag phrases and latent size), so it
/// cannot drift from the checks. `OpenAPIDocumentTests` sends each documented example to the
/// server and checks paths, fields and status codes against it; schemathesis can fuzz it.
enum OpenAPIDocument {
    static func json(model: any AvatarModel, configuration: StudioConfiguration) -> String {
        let base = generationJSON(model: model, configuration: configuration)
        guard configuration.workspace != nil || configuration.token != nil,
              var document = (try? JSONSerialization.jsonObject(with: Data(base.utf8))) as? [String: Any] else { return base }
        addWorkspace(to: &document, configuration: configuration)
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes]))
        return data.map { String(decoding: $0, as: UTF8.self) } ?? base
    }

    /// The generation API's part of the document (all of it for a studio without a workspace).
    static func generationJSON(model: any AvatarModel, configuration: StudioConfiguration) -> String {
        let count = StudioLimits.count, steps = StudioLimits.steps, truncation = StudioLimits.truncation
        let attributes = jsonText(attributesSchema(model.vocabulary))
        let tagsPattern = jsonText(tagPattern(model.vocabulary))
        let latentSize = model.latentSize
        return #"""
        {
          "openapi": "3.1.0",
          "info": {
            "title": "ACGAN Studio API",
            "version": "\#(acganStudioVersion)",
            "description": "Draw anime faces to order with a conditional GAN. Attributes not given are drawn from the model's priors; seeds make every face reproducible: face i of a request uses seed + i and attributeSeed + i (mod 2^53)."
          },
          "paths": {
            "/api/model": {
              "get": {
                "operationId": "getModel",
                "summary": "The model's vocabulary, priors, sizes and the request limits.",
                "responses": {
                  "200": {"description": "The model.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ModelResponse"}}}}
                }
              }
            },
            "/api/model/weights": {
              "get": {
                "operationId": "getModelWeights",
                "summary": "The live model's generator as float16 safetensors, for generating in the browser.",
                "description": "What `acgan export --half` writes: PyTorch state_dict names under G., configuration and vocabulary in the metadata. The ETag and X-Model-Hash are the hash in GET /api/model's weights; If-None-Match with it gives 304.",
                "responses": {
                  "200": {"description": "The file.", "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}},
                  "304": {"description": "The page's copy is the live model's."},
                  "404": {"description": "The live model cannot run in the browser.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
                }
              }
            },
            "/api/generate": {
              "post": {
                "operationId": "generate",
                "summary": "Draw one face or a grid of faces.",
                "description": "Returns one PNG (a grid when count > 1) unless format is \"json\" or the Accept header asks for application/json only; JSON holds each face as base64 PNG with the seeds and attributes that reproduce it. An empty body draws one random face.",
                "requestBody": {
                  "required": false,
                  "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/GenerateRequest"},
                    "example": {"tags": "blue hair red eyes smile", "seed": 7, "count": 4, "truncation": 0.7, "format": "json"}
                  }}
                },
                "responses": {
                  "200": {
                    "description": "The face, or the grid, as PNG; or JSON.",
                    "headers": {
                      "X-Seed": {"description": "Noise seed of the first face (absent for an explicit latent).", "schema": {"type": "string"}},
                      "X-Attribute-Seed": {"description": "Attribute seed of the first face.", "schema": {"type": "string"}},
                      "X-Tags": {"description": "Tags of the face, for a single face.", "schema": {"type": "string"}}
                    },
                    "content": {
                      "image/png": {"schema": {"type": "string", "contentMediaType": "image/png"}},
                      "application/json": {"schema": {"$ref": "#/components/schemas/GenerateResponse"}}
                    }
                  },
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "500": {"$ref": "#/components/responses/GenerationFailed"},
                  "503": {"$ref": "#/components/responses/Busy"}
                }
              }
            },
            "/api/interpolate": {
              "post": {
                "operationId": "interpolate",
                "summary": "Frames between two faces: latents along the sphere, attributes blended.",
                "requestBody": {
                  "required": true,
                  "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/InterpolateRequest"},
                    "example": {"from": {"tags": "blonde hair blue eyes", "seed": 1}, "to": {"tags": "pink hair green eyes", "seed": 2}, "steps": 5, "format": "json"}
                  }}
                },
                "responses": {
                  "200": {
                    "description": "The frames side by side as one PNG; or JSON.",
                    "content": {
                      "image/png": {"schema": {"type": "string", "contentMediaType": "image/png"}},
                      "application/json": {"schema": {"$ref": "#/components/schemas/InterpolateResponse"}}
                    }
                  },
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "500": {"$ref": "#/components/responses/GenerationFailed"},
                  "503": {"$ref": "#/components/responses/Busy"}
                }
              }
            },
            "/healthz": {
              "get": {
                "operationId": "health",
                "summary": "Liveness and queue load.",
                "responses": {
                  "200": {"description": "The server answers.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HealthResponse"}}}}
                }
              }
            },
            "/openapi.json": {
              "get": {
                "operationId": "openAPI",
                "summary": "This document.",
                "responses": {
                  "200": {"description": "OpenAPI 3.1 document.", "content": {"application/json": {"schema": {"type": "object"}}}}
                }
              }
            },
            "/metrics": {
              "get": {
                "operationId": "metrics",
                "summary": "Counters for monitoring, in Prometheus' text format: requests by route, method and status (acgan_http_requests_total), the generation queue (acgan_generation_queue_images, acgan_generation_queue_capacity), refused jobs (acgan_generation_rejected_total), images drawn (acgan_generated_images_total) and a histogram of generation time (acgan_generation_seconds).",
                "responses": {
                  "200": {"description": "Prometheus text exposition format 0.0.4.", "content": {"text/plain": {"schema": {"type": "string"}}}}
                }
              }
            }
          },
          "components": {
            "responses": {
              "BadRequest": {"description": "The request is wrong: malformed JSON, an unknown field, tag or attribute, conflicting tags, a value out of range, a bad latent, seed and latent together, an unknown format, or a body over \#(configuration.maxBodyBytes) bytes.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "Busy": {"description": "The generation queue is full (at most \#(configuration.maxQueuedImages) images wait or run); retry after the Retry-After seconds.", "headers": {"Retry-After": {"schema": {"type": "string"}}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "GenerationFailed": {"description": "The model failed.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
            },
            "schemas": {
              "Seed": {"type": "integer", "minimum": 0, "maximum": \#(StudioLimits.maxSeed)},
              "AttributeChoice": {
                "description": "A group's value phrase (\"blue hair\"), true/false for a binary tag, a number within its range for a continuous attribute (GET /api/model lists them), or null (or \"random\") to draw from the priors (a continuous attribute: from its observed distribution).",
                "type": ["string", "boolean", "number", "null"]
              },
              "FaceSpecification": {
                "type": "object",
                "additionalProperties": false,
                "allOf": [{"not": {"required": ["tags", "attributes"]}}, {"not": {"required": ["seed", "latent"]}}],
                "properties": {
                  "tags": {"type": "string", "pattern": \#(tagsPattern), "description": "Tag text, e.g. \"blue hair red eyes smile no glasses\": phrases of the vocabulary, at most one value per group. Not together with attributes."},
                  "attributes": \#(attributes),
                  "seed": {"$ref": "#/components/schemas/Seed", "description": "Noise seed; random when absent. Not together with latent."},
                  "latent": {"type": "array", "items": {"type": "number", "minimum": -\#(Double(Float.greatestFiniteMagnitude)), "maximum": \#(Double(Float.greatestFiniteMagnitude))}, "minItems": \#(latentSize), "maxItems": \#(latentSize), "description": "Explicit latent of latentSize floats (GET /api/model)."},
                  "attributeSeed": {"$ref": "#/components/schemas/Seed", "description": "Seed for the attributes left random; random when absent."},
                  "truncation": {"type": "number", "minimum": \#(truncation.lowerBound), "maximum": \#(truncation.upperBound), "description": "Redraw latent components while |z| exceeds this (ignored with latent)."}
                }
              },
              "GenerateRequest": {
                "type": "object",
                "additionalProperties": false,
                "allOf": [{"not": {"required": ["tags", "attributes"]}}, {"not": {"required": ["seed", "latent"]}}],
                "properties": {
                  "tags": {"$ref": "#/components/schemas/FaceSpecification/properties/tags"},
                  "attributes": {"$ref": "#/components/schemas/FaceSpecification/properties/attributes"},
                  "seed": {"$ref": "#/components/schemas/FaceSpecification/properties/seed"},
                  "latent": {"$ref": "#/components/schemas/FaceSpecification/properties/latent"},
                  "attributeSeed": {"$ref": "#/components/schemas/FaceSpecification/properties/attributeSeed"},
                  "truncation": {"$ref": "#/components/schemas/FaceSpecification/properties/truncation"},
                  "count": {"type": "integer", "minimum": \#(count.lowerBound), "maximum": \#(count.upperBound), "default": 1},
                  "format": {"type": "string", "enum": ["png", "json"], "default": "png"}
                }
              },
              "InterpolateRequest": {
                "type": "object",
                "additionalProperties": false,
                "required": ["from", "to"],
                "properties": {
                  "from": {"$ref": "#/components/schemas/FaceSpecification"},
                  "to": {"$ref": "#/components/schemas/FaceSpecification"},
                  "steps": {"type": "integer", "minimum": \#(steps.lowerBound), "maximum": \#(steps.upperBound), "default": 8},
                  "format": {"type": "string", "enum": ["png", "json"], "default": "png"}
                }
              },
              "FaceResponse": {
                "type": "object",
                "required": ["attributeSeed", "tags", "attributes"],
                "properties": {
                  "seed": {"$ref": "#/components/schemas/Seed"},
                  "attributeSeed": {"$ref": "#/components/schemas/Seed"},
                  "tags": {"type": "string"},
                  "attributes": {"type": "object", "additionalProperties": {"type": ["string", "boolean"]}},
                  "png": {"type": "string", "contentEncoding": "base64", "contentMediaType": "image/png"}
                }
              },
              "GenerateResponse": {
                "type": "object",
                "required": ["model", "imageSize", "columns", "faces"],
                "properties": {
                  "model": {"type": "string"},
                  "imageSize": {"type": "integer"},
                  "columns": {"type": "integer"},
                  "faces": {"type": "array", "items": {"$ref": "#/components/schemas/FaceResponse"}},
                  "grid": {"type": "string", "contentEncoding": "base64", "contentMediaType": "image/png"}
                }
              },
              "InterpolateResponse": {
                "type": "object",
                "required": ["model", "imageSize", "from", "to", "frames", "strip"],
                "properties": {
                  "model": {"type": "string"},
                  "imageSize": {"type": "integer"},
                  "from": {"$ref": "#/components/schemas/FaceResponse"},
                  "to": {"$ref": "#/components/schemas/FaceResponse"},
                  "frames": {"type": "array", "items": {
                    "type": "object", "required": ["fraction", "png"],
                    "properties": {"fraction": {"type": "number"}, "png": {"type": "string", "contentEncoding": "base64"}}
                  }},
                  "strip": {"type": "string", "contentEncoding": "base64", "contentMediaType": "image/png"}
                }
              },
              "ModelResponse": {
                "type": "object",
                "required": ["name", "imageSize", "latentSize", "conditionLength", "vocabulary", "limits"],
                "properties": {
                  "name": {"type": "string"},
                  "id": {"type": "string", "description": "The live model's id in GET /api/models (startup: the model the studio started with)."},
                  "weights": {"type": "object", "description": "The generator file for generating in the browser (absent when the model has none).", "required": ["url", "hash", "bytes", "dtype"], "properties": {"url": {"type": "string"}, "hash": {"type": "string", "description": "FNV-1a (64-bit) of the file, 16 hex digits."}, "bytes": {"type": "integer"}, "dtype": {"type": "string", "enum": ["F16"]}}},
                  "imageSize": {"type": "integer"},
                  "latentSize": {"type": "integer"},
                  "conditionLength": {"type": "integer"},
                  "vocabulary": {
                    "type": "object",
                    "required": ["groups", "binaryTags"],
                    "properties": {
                      "groups": {"type": "array", "items": {
                        "type": "object", "required": ["name", "values", "priors"],
                        "properties": {"name": {"type": "string"}, "values": {"type": "array", "items": {"type": "string"}}, "priors": {"type": "array", "items": {"type": "number"}}}
                      }},
                      "binaryTags": {"type": "array", "items": {
                        "type": "object", "required": ["name", "prior"],
                        "properties": {"name": {"type": "string"}, "prior": {"type": "number"}}
                      }},
                      "continuous": {"type": "array", "description": "Continuous attributes (absent when the model has none): a value is given as name=value in tags or as a number in attributes, within minimum ... maximum.", "items": {
                        "type": "object", "required": ["name", "minimum", "maximum"],
                        "properties": {"name": {"type": "string"}, "minimum": {"type": "number"}, "maximum": {"type": "number"},
                                       "mirror": {"type": "string", "enum": ["negate", "keep"]},
                                       "quantiles": {"type": "array", "items": {"type": "number"}}}
                      }}
                    }
                  },
                  "limits": {
                    "type": "object",
                    "required": ["minCount", "maxCount", "minSteps", "maxSteps", "minTruncation", "maxTruncation", "maxSeed", "maxBodyBytes"],
                    "properties": {
                      "minCount": {"type": "integer"}, "maxCount": {"type": "integer"},
                      "minSteps": {"type": "integer"}, "maxSteps": {"type": "integer"},
                      "minTruncation": {"type": "number"}, "maxTruncation": {"type": "number"},
                      "maxSeed": {"type": "integer"}, "maxBodyBytes": {"type": "integer"}
                    }
                  }
                }
              },
              "HealthResponse": {
                "type": "object",
                "required": ["status", "model", "queuedImages", "queueCapacity"],
                "properties": {
                  "status": {"type": "string", "enum": ["ok"]},
                  "model": {"type": "string"},
                  "queuedImages": {"type": "integer"},
                  "queueCapacity": {"type": "integer"}
                }
              },
              "Error": {
                "type": "object",
                "required": ["error", "message"],
                "properties": {
                  "error": {"type": "string", "description": "A stable code: malformed_json, body_too_large, unknown_tag, unknown_attribute, conflicting_tags, out_of_range, invalid_latent, seed_and_latent, unsupported_format, busy, not_found, method_not_allowed, generation_failed, no_browser_weights; with a workspace or token also invalid_path, forbidden_path, unauthorized, conflict, quota_exceeded, run_queue_full, invalid_upload, upload_too_large, invalid_model, workspace_failed, invalid_label, read_only."},
                  "message": {"type": "string", "description": "What is wrong and what to do instead."}
                }
              }
            }
          }
        }
        """#
    }

    /// The `attributes` object for this vocabulary: each group takes one of its value phrases,
    /// each binary tag true or false; null (or "random") draws from the priors.
    static func attributesSchema(_ vocabulary: TagVocabulary) -> [String: Any] {
        var properties: [String: Any] = [:]
        for group in vocabulary.groups {
            properties[group.name] = ["enum": group.values + ["random", NSNull()]]
        }
        for tag in vocabulary.binaryTags {
            properties[tag.name] = ["enum": [true, false, "random", NSNull()]]
        }
        for attribute in vocabulary.continuous {
            let number: [String: Any] = ["type": "number", "minimum": attribute.minimum, "maximum": attribute.maximum]
            let random: [String: Any] = ["enum": ["random", NSNull()] as [Any]]
            properties[attribute.name] = ["anyOf": [number, random] as [Any]] as [String: Any]
        }
        return [
            "type": "object", "properties": properties, "additionalProperties": false,
            "description": "Attribute name (a group, binary tag or continuous attribute of GET /api/model) to its "
                + "choice; null or \"random\" draws it from the priors. Not together with tags.",
        ]
    }

    /// A regular expression for tag text the vocabulary parses: known phrases separated by
    /// spaces or commas, "no" before a binary tag, any letter case (written as [aA] classes
    /// because JSON Schema patterns have no case-insensitive flag).
    static func tagPattern(_ vocabulary: TagVocabulary) -> String {
        func phrase(_ text: String) -> String {
            text.lowercased().split(separator: " ").map { word in
                word.map { character -> String in
                    let lower = String(character), upper = lower.uppercased()
                    if lower != upper { return "[\(lower)\(upper)]" }
                    return NSRegularExpression.escapedPattern(for: lower)
                }.joined()
            }.joined(separator: "[\\s,]+")
        }
        let values = vocabulary.groups.flatMap(\.values).map(phrase)
        let tags = vocabulary.binaryTags.map { "(?:[nN][oO][\\s,]+)?" + phrase($0.name) }
        // A continuous attribute as name=number (its range is checked by the server).
        let numbers = vocabulary.continuous.map { phrase($0.name) + "=[-+]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?" }
        // Longest first, as the parser matches, so "drill hair" is tried before shorter phrases.
        let alternatives = (values + tags + numbers).sorted { $0.count > $1.count }.joined(separator: "|")
        return "^[\\s,]*(?:(?:\(alternatives))(?:[\\s,]+|$))*$"
    }

    /// `value` as JSON text, for splicing into the document.
    static func jsonText(_ value: Any) -> String {
        let data = (try? JSONSerialization.data(
            withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])) ?? Data("null".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
