"""Boosts regression trees over retrieval's learned coefficients (src/graph/retrieval/learned.ts).

Called by `npm run bench:fit-ranker -- --trees` with two paths: the training candidates it collected (JSON:
feature names, and per question each candidate's feature values, the coefficients' score and whether it is an
expected fact) and where to write the trees (JSON, in learned.ts's LearnedTrees shape). LambdaRank over each
question's candidates, starting from the coefficients' score, so the trees learn only what the sum misses.
Deterministic: one thread, fixed seeds. Its settings were chosen on the development set (bench/README.md).

    python3 -m venv ~/.cache/concept-graph/lightgbm-4.7.0
    ~/.cache/concept-graph/lightgbm-4.7.0/bin/pip install -r tools/fit-trees/requirements.txt
"""

import json
import sys

import lightgbm
import numpy

PARAMS = {
    "objective": "lambdarank",
    "lambdarank_truncation_level": 20,
    "num_leaves": 15,
    "learning_rate": 0.1,
    "min_data_in_leaf": 200,
    "lambda_l2": 10,
    "feature_fraction": 0.7,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "seed": 1,
    "deterministic": True,
    "force_row_wise": True,
    "num_threads": 1,
    "verbose": -1,
}
ROUNDS = 150


def load(path: str):
    data = json.load(open(path, encoding="utf8"))
    names = data["features"]
    rows, labels, init, groups = [], [], [], []
    for question in data["questions"]:
        if not any(question["expected"]):
            continue
        groups.append(len(question["rows"]))
        for values, score, expected in zip(question["rows"], question["init"], question["expected"]):
            row = numpy.zeros(len(names))
            for slot, value in values:
                row[slot] = value
            rows.append(row)
            init.append(score)
            labels.append(1 if expected else 0)
    return names, numpy.array(rows), numpy.array(labels), numpy.array(init), groups


def flatten(structure) -> dict:
    """One tree as split-node arrays; a leaf child is written ~leaf."""
    tree = {"feature": [], "threshold": [], "left": [], "right": [], "leaf": []}

    def visit(node) -> int:
        if "leaf_value" in node:
            tree["leaf"].append(round(node["leaf_value"], 6))
            return ~(len(tree["leaf"]) - 1)
        if node["decision_type"] != "<=" or node["missing_type"] != "None":
            raise ValueError(f"unsupported split: {node['decision_type']} {node['missing_type']}")
        i = len(tree["feature"])
        tree["feature"].append(node["split_feature"])
        tree["threshold"].append(node["threshold"])
        tree["left"].append(0)
        tree["right"].append(0)
        tree["left"][i] = visit(node["left_child"])
        tree["right"][i] = visit(node["right_child"])
        return i

    visit(structure)
    return tree


def main() -> None:
    source, target = sys.argv[1], sys.argv[2]
    names, x, y, init, groups = load(source)
    booster = lightgbm.train(PARAMS, lightgbm.Dataset(x, y, group=groups, init_score=init), num_boost_round=ROUNDS)
    trees = [flatten(info["tree_structure"]) for info in booster.dump_model()["tree_info"]]
    # A check the caller repeats in TypeScript: the trees' output for the first candidates, as LightGBM computes it.
    check = {"rows": x[:200].tolist(), "output": booster.predict(x[:200]).tolist()}
    json.dump({"features": names, "trees": trees, "check": check}, open(target, "w", encoding="utf8"))
    print(f"{len(trees)} trees over {len(groups)} questions, {len(y)} candidates")


if __name__ == "__main__":
    main()
