/// The best assignment between two lists: the Hungarian (Kuhn–Munkres) algorithm.
enum Assignment {
    /// The pairs `(row, column)` that maximise the summed `similarity` (each row and column used
    /// at most once). Pairs with zero similarity are left out. Ties go to the lower indices, so
    /// the result is deterministic.
    static func best(rows: Int, columns: Int, similarity: (Int, Int) -> Double) -> [(Int, Int)] {
        guard rows > 0, columns > 0 else { return [] }
        let size = max(rows, columns)
        // Costs on a square matrix padded with dummy rows/columns of cost 1 (similarity 0).
        var cost = [[Double]](repeating: [Double](repeating: 1, count: size), count: size)
        var scores = [[Double]](repeating: [Double](repeating: 0, count: columns), count: rows)
        for row in 0..<rows {
            for column in 0..<columns {
                let value = min(max(similarity(row, column), 0), 1)
                scores[row][column] = value
                cost[row][column] = 1 - value
            }
        }
        // Shortest augmenting paths with potentials, 1-based as in the classic formulation.
        let infinity = Double.greatestFiniteMagnitude
        var u = [Double](repeating: 0, count: size + 1)
        var v = [Double](repeating: 0, count: size + 1)
        var match = [Int](repeating: 0, count: size + 1)  // match[column] = row
        var way = [Int](repeating: 0, count: size + 1)
        for row in 1...size {
            match[0] = row
            var column0 = 0
            var minimum = [Double](repeating: infinity, count: size + 1)
            var used = [Bool](repeating: false, count: size + 1)
            repeat {
                used[column0] = true
                let row0 = match[column0]
                var delta = infinity
                var column1 = 0
                for column in 1...size where !used[column] {
                    let reduced = cost[row0 - 1][column - 1] - u[row0] - v[column]
                    if reduced < minimum[column] - 1e-12 {
                        minimum[column] = reduced
                        way[column] = column0
                    }
                    if minimum[column] < delta - 1e-12 {
                        delta = minimum[column]
                        column1 = column
                    }
                }
                for column in 0...size {
                    if used[column] {
                        u[match[column]] += delta
                        v[column] -= delta
                    } else {
                        minimum[column] -= delta
                    }
                }
                column0 = column1
            } while match[column0] != 0
            repeat {
                let column1 = way[column0]
                match[column0] = match[column1]
                column0 = column1
            } while column0 != 0
        }
        var pairs: [(Int, Int)] = []
        for column in 1...size {
            let row = match[column] - 1
            let col = column - 1
            if row < rows, col < columns, scores[row][col] > 0 { pairs.append((row, col)) }
        }
        return pairs.sorted { $0.0 < $1.0 }
    }
}
