import Foundation
import GRDB

/// The studio's memory across restarts, in `registry.sqlite` (GRDB): training runs with their
/// options and status, uploaded data sets, and every deployment of a model. Files stay in the
/// workspace folders; the registry holds what the folders cannot say (a run's status, which
/// model is live, which one was live before).
///
/// Every change is one SQLite transaction, so a crash leaves the previous state or the new one.
public final class Registry: Sendable {
    private let database: DatabaseQueue

    /// Opens (creating and migrating) the registry at `url`.
    public init(url: URL) throws {
        database = try DatabaseQueue(path: url.path)
        try Self.migrator.migrate(database)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "run") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("dataset", .text).notNull()
                t.column("options", .text).notNull()
                t.column("status", .text).notNull()
                t.column("message", .text)
                t.column("totalIterations", .integer).notNull()
                t.column("createdAt", .double).notNull()
                t.column("startedAt", .double)
                t.column("finishedAt", .double)
                t.column("processID", .integer)
            }
            try db.create(table: "dataset") { t in
                t.primaryKey("name", .text)
                t.column("source", .text).notNull()
                t.column("addedAt", .double).notNull()
            }
            try db.create(table: "deployment") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("modelID", .text).notNull()
                t.column("path", .text).notNull()
                t.column("deployedAt", .double).notNull()
            }
        }
        return migrator
    }

    // MARK: Runs

    /// Adds a queued run and returns it with its id.
    public func addRun(dataset: String, options: String, totalIterations: Int) throws -> RunRecord {
        try database.write { db in
            var run = RunRecord(id: nil, dataset: dataset, options: options, status: .queued, message: nil,
                                totalIterations: totalIterations, createdAt: Date().timeIntervalSince1970,
                                startedAt: nil, finishedAt: nil, processID: nil)
            try run.insert(db)
            return run
        }
    }

    /// Every run, newest first.
    public func runs() throws -> [RunRecord] {
        try database.read { db in try RunRecord.order(Column("id").desc).fetchAll(db) }
    }

    /// The run `id`, if there is one.
    public func run(_ id: Int64) throws -> RunRecord? {
        try database.read { db in try RunRecord.fetchOne(db, key: id) }
    }

    /// Changes a run in one transaction; returns the changed run (nil when there is none).
    @discardableResult
    public func updateRun(_ id: Int64, _ change: (inout RunRecord) -> Void) throws -> RunRecord? {
        try database.write { db in
            guard var run = try RunRecord.fetchOne(db, key: id) else { return nil }
            change(&run)
            try run.update(db)
            return run
        }
    }

    /// Marks the runs that were queued or running when the studio stopped as interrupted, and
    /// returns them (with the process ids they had, to stop an orphaned child).
    public func interruptUnfinishedRuns() throws -> [RunRecord] {
        try database.write { db in
            let unfinished = try RunRecord
                .filter([RunStatus.queued.rawValue, RunStatus.running.rawValue].contains(Column("status")))
                .fetchAll(db)
            for var run in unfinished {
                run.message = "the studio stopped while the run was \(run.status.rawValue); resume it to continue"
                run.status = .interrupted
                run.processID = nil
                try run.update(db)
            }
            return unfinished
        }
    }

    // MARK: Data sets

    /// Records a data set (an upload) by name, replacing an older record of that name.
    public func recordDataset(name: String, source: String) throws {
        try database.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO dataset (name, source, addedAt) VALUES (?, ?, ?)",
                           arguments: [name, source, Date().timeIntervalSince1970])
        }
    }

    /// How each recorded data set came to the workspace (`upload`), by name.
    public func datasetSources() throws -> [String: String] {
        try database.read { db in
            var sources: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT name, source FROM dataset") {
                let name: String = row["name"], source: String = row["source"]
                sources[name] = source
            }
            return sources
        }
    }

    // MARK: Deployments

    /// Records that model `modelID` (file `path`) is now the live one.
    public func recordDeployment(modelID: String, path: String) throws {
        try database.write { db in
            try db.execute(sql: "INSERT INTO deployment (modelID, path, deployedAt) VALUES (?, ?, ?)",
                           arguments: [modelID, path, Date().timeIntervalSince1970])
        }
    }

    /// Deployments, newest first.
    public func deployments(limit: Int = 20) throws -> [DeploymentRecord] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT modelID, path, deployedAt FROM deployment ORDER BY id DESC LIMIT ?",
                             arguments: [limit])
                .map { row -> DeploymentRecord in
                    let modelID: String = row["modelID"], path: String = row["path"], deployedAt: Double = row["deployedAt"]
                    return DeploymentRecord(modelID: modelID, path: path, deployedAt: deployedAt)
                }
        }
    }
}

/// Where a training run is.
public enum RunStatus: String, Codable, Sendable, CaseIterable {
    case queued, running, finished, failed, cancelled, interrupted

    /// Whether the run can be continued from its last checkpoint.
    public var isResumable: Bool { self == .cancelled || self == .interrupted || self == .failed }
    /// Whether the run is waiting or training.
    public var isActive: Bool { self == .queued || self == .running }
}

/// One row of the `run` table.
public struct RunRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "run"
    /// The run's number; its folder is `runs/run-<id>`.
    public var id: Int64?
    /// The data set's name.
    public var dataset: String
    /// The request's options as JSON (`RunRequest`).
    public var options: String
    public var status: RunStatus
    /// Why the run failed, was cancelled or interrupted.
    public var message: String?
    /// Iterations the run trains for in all.
    public var totalIterations: Int
    public var createdAt: Double
    public var startedAt: Double?
    public var finishedAt: Double?
    /// The child `acgan train` while it runs.
    public var processID: Int64?

    /// `run-<id>`: the folder name and the API's name for the run.
    public var name: String { "run-\(id ?? 0)" }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

/// One deployment: a model made live.
public struct DeploymentRecord: Codable, Sendable, Equatable {
    public var modelID: String
    /// The model's file, relative to the workspace (absolute for the model given at start).
    public var path: String
    public var deployedAt: Double
}
