#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The original Python pipeline, for timing opticure against it (bench/run).

Does what the original generate_data.py and train.py did, with the same
libraries (numpy, pandas, scikit-learn) and the same settings, and writes the
same artifacts; it only adds options for the size of the run and a JSON file
of timings.  Needs python3-numpy, python3-pandas and python3-sklearn.

  reference.py generate [--rows N] [--seed S] [--dir DIR]
      DIR/curing_data.csv and DIR/curing_data_metadata.json: numpy legacy
      RandomState(S), five sensor columns, Standard when temperature > 78 or
      humidity < 45 (else Premium), features rounded to 2 decimals.

  reference.py train [--data FILE] [--label COL] [--dir DIR] [--timings FILE]
      Reads FILE (default DIR/curing_data.csv; class column COL, default
      quality_grade; with more than two classes the AUC is
      roc_auc_score(multi_class="ovr")), stratified 80/20 split
      (random_state 123), fits LogisticRegression(max_iter=1000),
      RandomForestClassifier(100 trees, n_jobs=-1), GradientBoostingClassifier
      (100 stages) and SVC(rbf, probability=True), all random_state 123,
      writes DIR/model_metrics.csv and the best model (highest test accuracy,
      first of equals) as DIR/bat_curing_pipeline.pkl.  --timings writes
      {"import_s", "<model>": {"fit_s", "predict_s"}, "total_s"} as JSON.

  reference.py pipeline [--rows N] [--seed S] [--dir DIR] [--timings FILE]
      generate, then train, in one process.

  reference.py gridsearch [--data FILE] [--dir DIR]
      Not part of the original: what opticure --batch does with the
      configuration bench/run writes for its grid-search case.  The same split,
      then per model GridSearchCV(scoring="accuracy", cv=StratifiedKFold(5,
      shuffle=True, random_state=7), refit=True, n_jobs=-1) over
      RandomForest n_estimators 50, 100, 200 and SVC C 0.1, 1, 10 x gamma
      scale, 0.01 (one candidate for the other two), test metrics of each
      refitted model, model_metrics.csv and the best model's pickle.

  reference.py predict --data FILE [--dir DIR] [--out FILE]
      Not part of the original (it had no batch scoring): the same stack's
      way of doing what opticure --predict does, for comparison.  Loads
      DIR/bat_curing_pipeline.pkl, scores every row of FILE and writes the
      rows with prediction, confidence and p_<class> columns as CSV.
"""
import argparse
import datetime
import json
import os
import pickle
import sys
import time

START = time.perf_counter()

FEATURES = ['barn_temperature', 'barn_humidity', 'leaf_moisture', 'airflow_rate',
            'curing_time_hours']


def generate(rows, seed, out_dir):
    import numpy as np
    import pandas as pd
    np.random.seed(seed)
    data = {
        'barn_temperature': np.random.normal(70, 5, rows),
        'barn_humidity': np.random.normal(60, 8, rows),
        'leaf_moisture': np.random.normal(18, 3, rows),
        'airflow_rate': np.random.uniform(5, 25, rows),
        'curing_time_hours': np.random.uniform(48, 240, rows),
    }
    df = pd.DataFrame(data)
    standard = (df['barn_temperature'] > 78) | (df['barn_humidity'] < 45)
    df['quality_grade'] = np.where(standard, 'Standard', 'Premium')
    df[FEATURES] = df[FEATURES].round(2)
    csv = os.path.join(out_dir, 'curing_data.csv')
    df.to_csv(csv, index=False)
    meta = {
        'total_records': int(len(df)),
        'columns': list(df.columns),
        'quality_grades': list(df['quality_grade'].unique()),
        'grade_distribution': {k: int(v) for k, v in df['quality_grade'].value_counts().items()},
        'random_seed': seed,
        'generation_timestamp': datetime.datetime.now().isoformat(),
    }
    with open(os.path.join(out_dir, 'curing_data_metadata.json'), 'w') as f:
        json.dump(meta, f, indent=2)
    return csv


def train(data_path, out_dir, timings, label='quality_grade'):
    import pandas as pd
    from sklearn.model_selection import train_test_split
    from sklearn.linear_model import LogisticRegression
    from sklearn.ensemble import RandomForestClassifier, GradientBoostingClassifier
    from sklearn.svm import SVC
    from sklearn.metrics import accuracy_score, precision_score, recall_score, roc_auc_score
    timings.setdefault('import_s', time.perf_counter() - START)

    df = pd.read_csv(data_path)
    X = df.drop(label, axis=1)
    y = df[label]
    multiclass = y.nunique() > 2
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.2, random_state=123, stratify=y)
    models = {
        'lr': LogisticRegression(max_iter=1000, random_state=123),
        'rf': RandomForestClassifier(n_estimators=100, random_state=123, n_jobs=-1),
        'gb': GradientBoostingClassifier(n_estimators=100, random_state=123),
        'svm': SVC(kernel='rbf', random_state=123, probability=True),
    }
    rows = []
    best_name, best_acc = None, -1.0
    for name, model in models.items():
        t0 = time.perf_counter()
        model.fit(X_train, y_train)
        t1 = time.perf_counter()
        pred = model.predict(X_test)
        proba = model.predict_proba(X_test)
        if not multiclass:
            proba = proba[:, 1]
        t2 = time.perf_counter()
        timings[name] = {'fit_s': t1 - t0, 'predict_s': t2 - t1}
        acc = accuracy_score(y_test, pred)
        rows.append({
            'Model': name,
            'Accuracy': acc,
            'Precision': precision_score(y_test, pred, average='weighted', zero_division=0),
            'Recall': recall_score(y_test, pred, average='weighted', zero_division=0),
            'AUC': roc_auc_score(y_test, proba, multi_class='ovr') if multiclass
                   else roc_auc_score(y_test, proba),
        })
        print(f"{name}: accuracy {acc:.4f}")
        if acc > best_acc:
            best_name, best_acc = name, acc
    pd.DataFrame(rows).to_csv(os.path.join(out_dir, 'model_metrics.csv'), index=False)
    with open(os.path.join(out_dir, 'bat_curing_pipeline.pkl'), 'wb') as f:
        pickle.dump(models[best_name], f)
    print(f"best: {best_name} ({best_acc:.4f})")


GRIDS = {'lr': {}, 'rf': {'n_estimators': [50, 100, 200]}, 'gb': {},
         'svm': {'C': [0.1, 1, 10], 'gamma': ['scale', 0.01]}}


def gridsearch(data_path, out_dir):
    import pandas as pd
    from sklearn.model_selection import GridSearchCV, StratifiedKFold, train_test_split
    from sklearn.linear_model import LogisticRegression
    from sklearn.ensemble import RandomForestClassifier, GradientBoostingClassifier
    from sklearn.svm import SVC
    from sklearn.metrics import accuracy_score, precision_score, recall_score, roc_auc_score

    df = pd.read_csv(data_path)
    X = df.drop('quality_grade', axis=1)
    y = df['quality_grade']
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.2, random_state=123, stratify=y)
    models = {
        'lr': LogisticRegression(max_iter=1000, random_state=123),
        'rf': RandomForestClassifier(n_estimators=100, random_state=123, n_jobs=-1),
        'gb': GradientBoostingClassifier(n_estimators=100, random_state=123),
        'svm': SVC(kernel='rbf', random_state=123, probability=True),
    }
    rows, best_name, best_acc, fitted = [], None, -1.0, {}
    for name, model in models.items():
        gs = GridSearchCV(model, GRIDS[name], scoring='accuracy', refit=True, n_jobs=-1,
                          cv=StratifiedKFold(n_splits=5, shuffle=True, random_state=7))
        gs.fit(X_train, y_train)
        fitted[name] = gs.best_estimator_
        pred = gs.predict(X_test)
        acc = accuracy_score(y_test, pred)
        rows.append({
            'Model': name, 'Accuracy': acc,
            'Precision': precision_score(y_test, pred, average='weighted', zero_division=0),
            'Recall': recall_score(y_test, pred, average='weighted', zero_division=0),
            'AUC': roc_auc_score(y_test, gs.predict_proba(X_test)[:, 1]),
        })
        print(f"{name}: {gs.best_params_} cv {gs.best_score_:.4f} test {acc:.4f}")
        if acc > best_acc:
            best_name, best_acc = name, acc
    pd.DataFrame(rows).to_csv(os.path.join(out_dir, 'model_metrics.csv'), index=False)
    with open(os.path.join(out_dir, 'bat_curing_pipeline.pkl'), 'wb') as f:
        pickle.dump(fitted[best_name], f)


def predict(data_path, out_dir, out_path):
    import numpy as np
    import pandas as pd
    with open(os.path.join(out_dir, 'bat_curing_pipeline.pkl'), 'rb') as f:
        model = pickle.load(f)
    df = pd.read_csv(data_path)
    X = df[FEATURES]
    pred = model.predict(X)
    proba = model.predict_proba(X)
    df['prediction'] = pred
    df['confidence'] = np.max(proba, axis=1)
    for k, c in enumerate(model.classes_):
        df['p_' + str(c)] = proba[:, k]
    df.to_csv(out_path, index=False)


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('command', choices=['generate', 'train', 'pipeline', 'gridsearch', 'predict'])
    p.add_argument('--rows', type=int, default=500)
    p.add_argument('--seed', type=int, default=42)
    p.add_argument('--dir', default='.')
    p.add_argument('--data', default='')
    p.add_argument('--label', default='quality_grade')
    p.add_argument('--timings', default='')
    p.add_argument('--out', default='/dev/stdout')
    a = p.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    timings = {}
    csv = a.data or os.path.join(a.dir, 'curing_data.csv')
    if a.command in ('generate', 'pipeline'):
        csv = generate(a.rows, a.seed, a.dir)
    if a.command in ('train', 'pipeline'):
        train(csv, a.dir, timings, a.label)
    if a.command == 'gridsearch':
        gridsearch(csv, a.dir)
    if a.command == 'predict':
        predict(csv, a.dir, a.out)
    timings['total_s'] = time.perf_counter() - START
    if a.timings:
        with open(a.timings, 'w') as f:
            json.dump(timings, f, indent=2)
    return 0


if __name__ == '__main__':
    sys.exit(main())
