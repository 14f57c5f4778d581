import AnimeData
import ACGAN
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
        /// The values of an option with named choices, as the server reads them.
        func choices<Choice: RawRepresentable & CaseIterable>(_: Choice.Type) -> String where Choice.RawValue == String {
            jsonText(Choice.allCases.map(\.rawValue))
        }
        return #"""
        {
          "responses": {
            "NotFound": {"description": "No data set, run, model or sample sheet of that name.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            "Conflict": {"description": "Not possible in the item's present state (cancel a finished run; a name taken).", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            "Forbidden": {"description": "A name that leads outside the workspace (a symbolic link), or a change to a read-only data set (from --data-root).", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
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
            "/api/datasets/{name}/suggestions": {
              "get": {"operationId": "datasetSuggestions",
                      "summary": "The faces without usable tags, with the tags the data set's latest finished classifier run suggests and their confidence.",
                      "description": "A face has no usable tags when tags.csv has no line for it, or a line whose tags do not read. Confidence: a group's is the probability of the value suggested, a binary tag's the probability of the side suggested, a face's the smallest of its attributes'. Without a classifier run, run is absent and faces is empty.",
                      "parameters": [{"name": "name", "in": "path", "required": true, "schema": {"type": "string"}},
                                     {"name": "offset", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 0, "default": 0}},
                                     {"name": "count", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1, "maximum": \#(StudioWorkspace.maxSuggestionFaces), "default": 24}},
                                     {"name": "disputed", "in": "query", "required": false, "schema": {"type": "boolean", "default": false}, "description": "Also list tagged faces whose tags the classifier disputes."}],
                      "responses": {"200": {"description": "The faces and suggestions.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/DatasetSuggestions"}}}},
                                    "400": {"$ref": "#/components/responses/BadRequest"}, "403": {"$ref": "#/components/responses/Forbidden"},
                                    "404": {"$ref": "#/components/responses/NotFound"}, "409": {"$ref": "#/components/responses/Conflict"}}}
            },
            "/api/datasets/{name}/labels": {
              "post": {"operationId": "applyLabels",
                       "summary": "Write tags for faces into the data set's tags.csv: given face by face (accepted or corrected), or every suggestion at or above a confidence.",
                       "description": "Tags are checked against the data set's vocabulary (one value of every group; on/off tags not named are off) and written in its spelling. tags.csv is replaced atomically (a new file renamed over it); the previous version is kept as tags.csv.1, older ones as tags.csv.2 to tags.csv.\#(TagsFileEditor.keptVersions). Data sets from --data-root are read-only (403 read_only).",
                       "parameters": [{"name": "name", "in": "path", "required": true, "schema": {"type": "string"}}],
                       "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/LabelsRequest"},
                                       "example": {"labels": [{"image": "images/17.png", "tags": "blue hair red eyes"}]}}}},
                       "responses": {"200": {"description": "What was written.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/LabelsResponse"}}}},
                                     "400": {"$ref": "#/components/responses/BadRequest"}, "403": {"$ref": "#/components/responses/Forbidden"},
                                     "404": {"$ref": "#/components/responses/NotFound"}, "409": {"$ref": "#/components/responses/Conflict"}}}
            },
            "/api/runs": {
              "get": {"operationId": "listRuns", "summary": "Every training run, newest first (without curves).",
                      "responses": {"200": {"description": "The runs.", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Run"}}}}}}},
              "post": {"operationId": "startRun", "summary": "Start a training run, queued: acgan train in a child process, or with kind classifier, acgan classifier train on the data set's tagged images and then acgan classifier suggest.",
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
              "description": "The options of acgan train in snake case; left out, they take its defaults (model_size is applied first). A classifier run (kind classifier) reads only dataset, kind, epochs, batch, seed, image_size and threads.",
              "properties": {
                "dataset": {"type": "string"}, "kind": {"enum": ["gan", "classifier"], "default": "gan"},
                "epochs": {"type": "integer", "minimum": 1, "maximum": \#(ClassifierRunOptions.largestEpochs), "description": "Classifier runs only (default 10)."},
                "model_size": {"enum": \#(sizes)},
                "iterations": {"type": "integer", "minimum": 1, "maximum": \#(RunRequest.largestIterations)},
                "seed": {"type": "integer", "minimum": 0, "maximum": \#(StudioLimits.maxSeed)},
                "image_size": {"enum": [8, 16, 32, 64, 128, 256], "description": "32, 64 or 128 for a gan run; a classifier run takes all (default 64)."}, "z_size": {"type": "integer"}, "g_blocks": {"type": "integer"},
                "g_width": {"type": "integer"}, "d_width": {"type": "integer"}, "spectral_norm": {"type": "boolean"},
                "upsampling": {"enum": \#(choices(GeneratorUpsampling.self))}, "projection": {"type": "boolean"},
                "batch": {"type": "integer", "minimum": 2},
                "g_lr": {"type": "number"}, "d_lr": {"type": "number"}, "beta1": {"type": "number"}, "beta2": {"type": "number"},
                "d_steps": {"type": "integer", "minimum": 1}, "class_weight": {"type": "number"},
                "binary_tags": {"enum": \#(choices(BinaryTagWeighting.self))}, "continuous_loss": {"enum": \#(choices(ContinuousLoss.self))},
                "info_codes": {"type": "integer", "minimum": 0, "maximum": \#(TrainingOptions.largestInfoCodeCount)},
                "info_weight": {"type": "number", "minimum": 0}, "icnr": {"type": "boolean"}, "class_loss_on_fake": {"type": "boolean"},
                "penalty": {"enum": \#(choices(GradientPenalty.self))}, "penalty_weight": {"type": "number"}, "ema": {"type": "number"},
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
                "kind": {"enum": ["gan", "classifier"]},
                "status": {"enum": \#(statuses)}, "message": {"type": "string"},
                "options": {"$ref": "#/components/schemas/RunRequest"},
                "iteration": {"type": "integer"}, "totalIterations": {"type": "integer"}, "progress": {"type": "number"},
                "etaSeconds": {"type": "number"}, "imagesPerSecond": {"type": "number"},
                "createdAt": {"type": "number"}, "startedAt": {"type": "number"}, "finishedAt": {"type": "number"},
                "resumable": {"type": "boolean"}, "hasGenerator": {"type": "boolean"},
                "losses": {"type": "array", "items": {"type": "object", "properties": {"iteration": {"type": "integer"}, "d_loss": {"type": "number"}, "g_loss": {"type": "number"}, "d_real_accuracy": {"type": "number"}, "d_fake_accuracy": {"type": "number"}}}},
                "quality": {"type": "array", "items": {"type": "object", "properties": {"iteration": {"type": "integer"}, "values": {"type": "object", "additionalProperties": {"type": "number"}}}}},
                "samples": {"type": "array", "items": {"type": "object", "properties": {"iteration": {"type": "integer"}, "url": {"type": "string"}}}},
                "classifier": {"type": "object", "description": "A classifier run's epochs, held-out accuracy and suggestions (iteration and totalIterations count its steps).",
                  "properties": {"epoch": {"type": "integer"}, "epochs": {"type": "integer"}, "heldOutAccuracy": {"type": "number"},
                                 "suggestedFaces": {"type": "integer"}, "facesWithoutTags": {"type": "integer"}, "skipped": {"type": "integer"},
                                 "curve": {"type": "array", "items": {"type": "object", "properties": {"step": {"type": "integer"}, "epoch": {"type": "integer"}, "loss": {"type": "number"}, "heldOutAccuracy": {"type": "number"}}}}}}
              }
            },
            "LabelsRequest": {
              "type": "object", "additionalProperties": false,
              "description": "Either labels or min_confidence.",
              "properties": {
                "labels": {"type": "array", "minItems": 1, "items": {"type": "object", "required": ["image", "tags"], "additionalProperties": false,
                           "properties": {"image": {"type": "string", "description": "The image as the data set names it, e.g. images/17.png."},
                                          "tags": {"type": "string", "description": "One value of every group and the on/off tags that are on, e.g. blue hair red eyes glasses."}}}},
                "min_confidence": {"type": "number", "minimum": 0, "maximum": 1, "description": "Accept every current suggestion for a face without usable tags whose confidence is at least this."},
                "skip": {"type": "array", "items": {"type": "string"}, "description": "With min_confidence: images to leave out."}
              }
            },
            "LabelsResponse": {
              "type": "object", "required": ["dataset", "written", "replaced", "added", "labelled", "needingLabels"],
              "properties": {
                "dataset": {"type": "string"}, "written": {"type": "integer"}, "replaced": {"type": "integer"}, "added": {"type": "integer"},
                "backup": {"type": "string", "description": "The previous tags.csv, kept beside it (tags.csv.1)."},
                "labelled": {"type": "array", "items": {"type": "object", "properties": {"image": {"type": "string"}, "tags": {"type": "string"}}}},
                "needingLabels": {"type": "integer"}
              }
            },
            "DatasetSuggestions": {
              "type": "object", "required": ["dataset", "writable", "needingLabels", "withoutSuggestion", "vocabulary", "matching", "offset", "confidences", "faces", "skipped"],
              "properties": {
                "dataset": {"type": "string"}, "writable": {"type": "boolean"}, "readOnly": {"type": "string"},
                "run": {"type": "string"}, "heldOutAccuracy": {"type": "number"},
                "needingLabels": {"type": "integer"}, "withoutSuggestion": {"type": "integer"}, "stale": {"type": "string"},
                "vocabulary": {"type": "object", "properties": {"groups": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"}, "values": {"type": "array", "items": {"type": "string"}}}}},
                                                             "binaryTags": {"type": "array", "items": {"type": "string"}}}},
                "matching": {"type": "integer"}, "offset": {"type": "integer"},
                "confidences": {"type": "array", "items": {"type": "number"}, "description": "The confidence of every listed face without usable tags (those min_confidence takes), in listing order."},
                "faces": {"type": "array", "items": {"type": "object", "properties": {
                  "file": {"type": "string"}, "status": {"enum": ["untagged", "unreadable", "tagged"]}, "currentTags": {"type": "string"},
                  "tags": {"type": "string"}, "confidence": {"type": "number"},
                  "groups": {"type": "array", "items": {"type": "object", "properties": {"group": {"type": "string"}, "value": {"type": "string"}, "confidence": {"type": "number"}, "probabilities": {"type": "array", "items": {"type": "number"}}}}},
                  "binaryTags": {"type": "array", "items": {"type": "object", "properties": {"tag": {"type": "string"}, "on": {"type": "boolean"}, "confidence": {"type": "number"}}}},
                  "png": {"type": "string", "contentEncoding": "base64", "contentMediaType": "image/png"}}}},
                "skipped": {"type": "array", "items": {"type": "object", "properties": {"file": {"type": "string"}, "reason": {"type": "string"}}}}
              }
            },
            "Dataset": {
              "type": "object", "required": ["name", "location", "source"],
              "properties": {
                "name": {"type": "string"}, "location": {"type": "string"}, "source": {"enum": ["upload", "folder"]},
                "layout": {"type": "string"}, "imageCount": {"type": "integer"},
                "tagCounts": {"type": "array", "items": {"type": "object", "properties": {"group": {"type": "string"}, "tag": {"type": "string"}, "count": {"type": "integer"}}}},
                "rejections": {"type": "array", "items": {"type": "object", "properties": {"file": {"type": "string"}, "reason": {"type": "string"}}}},
                "vocabulary": {"type": "string"}, "unlabelledCount": {"type": "integer", "description": "Images without usable tags (no line in tags.csv, or one that does not read)."},
                "error": {"type": "string"}
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
