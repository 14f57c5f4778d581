import Foundation

/// The workspace's paths and schemas, and the token's security scheme, added to the
/// generation API's document when the studio has them.
extension OpenAPIDocument {
    static func addWorkspace(to document: inout [String: Any], configuration: StudioConfiguration) {
        var paths = document["paths"] as? [String: Any] ?? [:]
        var components = document["components"] as? [String: Any] ?? [:]
        var schemas = components["schemas"] as? [String: Any] ?? [:]
        var responses = components["responses"] as? [String: Any] ?? [:]
        if let workspace = configuration.workspace,
           let part = (try? JSONSerialization.jsonObject(with: Data(workspaceJSON(workspace).utf8))) as? [String: Any] {
            paths.merge(part["paths"] as? [String: Any] ?? [:]) { _, new in new }
            schemas.merge(part["schemas"] as? [String: Any] ?? [:]) { _, new in new }
            responses.merge(part["responses"] as? [String: Any] ?? [:]) { _, new in new }
        }
        if configuration.token != nil {
            components["securitySchemes"] = ["token": [
                "type": "http", "scheme": "bearer",
                "description": "The studio's token (--token): Authorization: Bearer TOKEN, the acgan_token cookie, or ?token=TOKEN (which sets the cookie).",
            ]]
            document["security"] = [["token": [String]()]]
            responses["Unauthorized"] = [
                "description": "The request did not carry the studio's token.",
                "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]],
            ] as [String: Any]
            for (path, value) in paths {
                guard var operations = value as? [String: Any] else { continue }
                for (method, operation) in operations {
                    guard var operation = operation as? [String: Any] else { continue }
                    var codes = operation["responses"] as? [String: Any] ?? [:]
                    codes["401"] = ["$ref": "#/components/responses/Unauthorized"]
                    operation["responses"] = codes
                    operations[method] = operation
                }
                paths[path] = operations
            }
        }
        components["schemas"] = schemas
        components["responses"] = responses
        document["components"] = components
        document["paths"] = paths
    }

    /// The workspace's paths, schemas and responses as JSON text, with the configured limits.
    static func workspaceJSON(_ workspace: WorkspaceConfiguration) -> String {
        let quota = workspace.quotaBytes.map { " of \($0) bytes" } ?? ""
        let sizes = jsonText(RunRequest.modelSizes.keys.sorted())
        let statuses = jsonText(RunStatus.allCases.map(\.rawValue))
        return #"""
        {
          "responses": {
            "NotFound": {"description": "No data set, run, model or sample sheet of that name.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            "Conflict": {"description": "Not possible in the item's present state (cancel a finished run; a name taken).", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            "Forbidden": {"description": "A name that leads outside the workspace (a symbolic link).", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            "QuotaExceeded": {"description": "The workspace would go past its disk quota\#(quota).", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            "RunQueueFull": {"description": "\#(workspace.maxQueuedRuns) runs wait or train already.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            "UploadTooLarge": {"description": "The zip is larger than \#(workspace.maxUploadBytes) bytes.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
          },
          "paths": {
            "/api/datasets": {
              "get": {"operationId": "listDatasets", "summary": "The data sets, each as acgan inspect sees it.",
                      "responses": {"200": {"description": "The data sets.", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Dataset"}}}}}}},
              "post": {"operationId": "uploadDataset",
                       "summary": "Upload a zip of a data folder (images/ + tags.csv, or another layout acgan inspect reads).",
                       "description": "Unpacked safely: no absolute paths, no '..', no symbolic links, at most \#(workspace.maxUploadEntries) entries and \#(workspace.maxUnpackedBytes) bytes unpacked; a zip that does not load as a data set leaves nothing.",
                       "parameters": [{"name": "name", "in": "query", "required": true, "schema": {"type": "string"}, "description": "The new data set's name."}],
                       "requestBody": {"required": true, "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}}},
                       "responses": {"201": {"description": "The data set, inspected.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Dataset"}}}},
                                     "400": {"$ref": "#/components/responses/BadRequest"}, "409": {"$ref": "#/components/responses/Conflict"},
                                     "413": {"$ref": "#/components/responses/UploadTooLarge"}, "507": {"$ref": "#/components/responses/QuotaExceeded"}}}
            },
            "/api/datasets/{name}/faces": {
              "get": {"operationId": "datasetFaces", "summary": "Real faces of a data set, filtered by a tag.",
                      "parameters": [{"name": "name", "in": "path", "required": true, "schema": {"type": "string"}},
                                     {"name": "tag", "in": "query", "required": false, "schema": {"type": "string"}, "description": "A tag phrase, e.g. blue hair."},
                                     {"name": "count", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1, "maximum": \#(StudioWorkspace.maxPreviewFaces), "default": 24}}],
                      "responses": {"200": {"description": "The faces.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/DatasetFaces"}}}},
                                    "400": {"$ref": "#/components/responses/BadRequest"}, "403": {"$ref": "#/components/responses/Forbidden"},
                                    "404": {"$ref": "#/components/responses/NotFound"}}}
            },
            "/api/runs": {
              "get": {"operationId": "listRuns", "summary": "Every training run, newest first (without curves).",
                      "responses": {"200": {"description": "The runs.", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Run"}}}}}}},
              "post": {"operationId": "startRun", "summary": "Start a training run: acgan train in a child process, queued.",
                       "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RunRequest"},
                                       "example": {"dataset": "synth", "model_size": "tiny", "iterations": 40, "seed": 1}}}},
                       "responses": {"201": {"description": "The run, queued.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Run"}}}},
                                     "400": {"$ref": "#/components/responses/BadRequest"}, "403": {"$ref": "#/components/responses/Forbidden"},
                                     "404": {"$ref": "#/components/responses/NotFound"}, "503": {"$ref": "#/components/responses/RunQueueFull"},
                                     "507": {"$ref": "#/components/responses/QuotaExceeded"}}}
            },
            "/api/runs/{id}": {
              "get": {"operationId": "getRun", "summary": "A run with its progress, losses, quality curve and sample sheets.",
                      "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 1}}],
                      "responses": {"200": {"description": "The run.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Run"}}}},
                                    "400": {"$ref": "#/components/responses/BadRequest"}, "404": {"$ref": "#/components/responses/NotFound"}}}
            },
            "/api/runs/{id}/cancel": {
              "post": {"operationId": "cancelRun", "summary": "Cancel a queued or running run; its last checkpoint stays.",
                       "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 1}}],
                       "responses": {"200": {"description": "The run.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Run"}}}},
                                     "404": {"$ref": "#/components/responses/NotFound"}, "409": {"$ref": "#/components/responses/Conflict"}}}
            },
            "/api/runs/{id}/resume": {
              "post": {"operationId": "resumeRun", "summary": "Continue a cancelled, interrupted or failed run from its last checkpoint.",
                       "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 1}}],
                       "responses": {"200": {"description": "The run, queued again.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Run"}}}},
                                     "404": {"$ref": "#/components/responses/NotFound"}, "409": {"$ref": "#/components/responses/Conflict"},
                                     "503": {"$ref": "#/components/responses/RunQueueFull"}, "507": {"$ref": "#/components/responses/QuotaExceeded"}}}
            },
            "/api/runs/{id}/samples/{iteration}": {
              "get": {"operationId": "getSampleSheet", "summary": "A run's sample sheet at an iteration, as PNG.",
                      "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 1}},
                                     {"name": "iteration", "in": "path", "required": true, "schema": {"type": "integer"}}],
                      "responses": {"200": {"description": "The sheet.", "content": {"image/png": {"schema": {"type": "string", "format": "binary"}}}},
                                    "404": {"$ref": "#/components/responses/NotFound"}}}
            },
            "/api/models": {
              "get": {"operationId": "listModels", "summary": "Deployable models (the startup model, runs' generators, files in models/) and which is live.",
                      "responses": {"200": {"description": "The models.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Models"}}}}}}
            },
            "/api/models/{id}/deploy": {
              "post": {"operationId": "deployModel", "summary": "Make a model the one the studio generates with, without a restart; deploying the previous one restores it.",
                       "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}, "description": "run-3, a file name in models/, or startup."}],
                       "responses": {"200": {"description": "The models, with the new live one.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Models"}}}},
                                     "400": {"$ref": "#/components/responses/BadRequest"}, "403": {"$ref": "#/components/responses/Forbidden"},
                                     "404": {"$ref": "#/components/responses/NotFound"}}}
            }
          },
          "schemas": {
            "RunRequest": {
              "type": "object", "required": ["dataset"], "additionalProperties": false,
              "description": "The options of acgan train in snake case; left out, they take its defaults (model_size is applied first).",
              "properties": {
                "dataset": {"type": "string"}, "model_size": {"enum": \#(sizes)},
                "iterations": {"type": "integer", "minimum": 1, "maximum": \#(RunRequest.largestIterations)},
                "seed": {"type": "integer", "minimum": 0, "maximum": \#(StudioLimits.maxSeed)},
                "image_size": {"enum": [32, 64, 128]}, "z_size": {"type": "integer"}, "g_blocks": {"type": "integer"},
                "g_width": {"type": "integer"}, "d_width": {"type": "integer"}, "spectral_norm": {"type": "boolean"},
                "upsampling": {"enum": ["nearest", "pixel-shuffle"]}, "batch": {"type": "integer", "minimum": 2},
                "g_lr": {"type": "number"}, "d_lr": {"type": "number"}, "beta1": {"type": "number"}, "beta2": {"type": "number"},
                "d_steps": {"type": "integer", "minimum": 1}, "class_weight": {"type": "number"},
                "penalty": {"enum": ["none", "r1", "dragan"]}, "penalty_weight": {"type": "number"}, "ema": {"type": "number"},
                "flip": {"type": "boolean"}, "sample_every": {"type": "integer", "minimum": 1},
                "checkpoint_every": {"type": "integer", "minimum": 1}, "log_every": {"type": "integer", "minimum": 1},
                "threads": {"type": "integer", "minimum": 1, "maximum": \#(RunRequest.largestThreads)}
              }
            },
            "Run": {
              "type": "object",
              "required": ["id", "name", "dataset", "status", "iteration", "totalIterations", "progress", "createdAt", "resumable", "hasGenerator"],
              "properties": {
                "id": {"type": "integer"}, "name": {"type": "string"}, "dataset": {"type": "string"},
                "status": {"enum": \#(statuses)}, "message": {"type": "string"},
                "options": {"$ref": "#/components/schemas/RunRequest"},
                "iteration": {"type": "integer"}, "totalIterations": {"type": "integer"}, "progress": {"type": "number"},
                "etaSeconds": {"type": "number"}, "imagesPerSecond": {"type": "number"},
                "createdAt": {"type": "number"}, "startedAt": {"type": "number"}, "finishedAt": {"type": "number"},
                "resumable": {"type": "boolean"}, "hasGenerator": {"type": "boolean"},
                "losses": {"type": "array", "items": {"type": "object", "properties": {"iteration": {"type": "integer"}, "d_loss": {"type": "number"}, "g_loss": {"type": "number"}, "d_real_accuracy": {"type": "number"}, "d_fake_accuracy": {"type": "number"}}}},
                "quality": {"type": "array", "items": {"type": "object", "properties": {"iteration": {"type": "integer"}, "values": {"type": "object", "additionalProperties": {"type": "number"}}}}},
                "samples": {"type": "array", "items": {"type": "object", "properties": {"iteration": {"type": "integer"}, "url": {"type": "string"}}}}
              }
            },
            "Dataset": {
              "type": "object", "required": ["name", "location", "source"],
              "properties": {
                "name": {"type": "string"}, "location": {"type": "string"}, "source": {"enum": ["upload", "folder"]},
                "layout": {"type": "string"}, "imageCount": {"type": "integer"},
                "tagCounts": {"type": "array", "items": {"type": "object", "properties": {"group": {"type": "string"}, "tag": {"type": "string"}, "count": {"type": "integer"}}}},
                "rejections": {"type": "array", "items": {"type": "object", "properties": {"file": {"type": "string"}, "reason": {"type": "string"}}}},
                "vocabulary": {"type": "string"}, "error": {"type": "string"}
              }
            },
            "DatasetFaces": {
              "type": "object", "required": ["dataset", "matching", "faces"],
              "properties": {
                "dataset": {"type": "string"}, "tag": {"type": "string"}, "matching": {"type": "integer"},
                "faces": {"type": "array", "items": {"type": "object", "properties": {"file": {"type": "string"}, "tags": {"type": "string"}, "png": {"type": "string", "contentEncoding": "base64", "contentMediaType": "image/png"}}}}
              }
            },
            "Models": {
              "type": "object", "required": ["live", "models"],
              "properties": {
                "live": {"type": "string"}, "previous": {"type": "string"},
                "models": {"type": "array", "items": {"type": "object", "required": ["id", "source", "live"], "properties": {
                  "id": {"type": "string"}, "source": {"enum": ["startup", "run", "file"]}, "dataset": {"type": "string"},
                  "iterations": {"type": "integer"}, "evaluation": {"type": "object", "additionalProperties": {"type": "number"}},
                  "bytes": {"type": "integer"}, "live": {"type": "boolean"}}}}
              }
            }
          }
        }
        """#
    }
}
