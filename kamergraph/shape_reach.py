"""How far the shapes look from a focus node: what per-document validation must include.

A SHACL verdict on a focus node depends only on the triples of the nodes its shapes' paths
reach from it (and on the ontology, which every validation includes whole). So a document's
nodes can be validated in a graph of their own that holds, from the whole build, every triple
of every node within `depth` steps along the shapes' path predicates, plus the triples that
make a node a target of an `sh:targetObjectsOf` shape. That is exact only for shapes that look
forward a bounded number of steps; `problems` names what breaks it (inverse or unbounded
paths, SPARQL constraints, fixed target nodes), and then the build validates the whole graph.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

# Value-shape parameters: their shapes are evaluated on a property's value nodes.
_NESTED = (SH.node, SH.qualifiedValueShape, SH["not"])
_LISTS = (SH["or"], SH["and"], SH.xone)
_UNBOUNDED = (SH.inversePath, SH.zeroOrMorePath, SH.oneOrMorePath, SH.zeroOrOnePath)
_NONLOCAL = (SH.sparql, SH.targetNode, SH.target)


@dataclass
class ShapeReach:
    """The predicates the shapes' paths follow, how many steps, and what breaks locality."""

    depth: int = 0
    predicates: set[URIRef] = field(default_factory=set)
    object_targets: set[URIRef] = field(default_factory=set)  # sh:targetObjectsOf
    problems: list[str] = field(default_factory=list)


def _members(shapes: Graph, node: Node) -> list[Node]:
    return list(Collection(shapes, node)) if (node, RDF.first, None) in shapes else []


def _path_length(shapes: Graph, path: Node, reach: ShapeReach) -> int:
    """Steps of a predicate, sequence or alternative path; records its predicates."""
    if isinstance(path, URIRef):
        reach.predicates.add(path)
        return 1
    for unbounded in _UNBOUNDED:
        if (path, unbounded, None) in shapes:
            reach.problems.append(f"a path with {unbounded.n3(shapes.namespace_manager)}")
            return 0
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        return max(
            (_path_length(shapes, p, reach) for p in _members(shapes, alternatives)), default=0
        )
    return sum(_path_length(shapes, p, reach) for p in _members(shapes, path))


def _value_shapes(shapes: Graph, shape: Node) -> list[Node]:
    found = [o for p in _NESTED for o in shapes.objects(shape, p)]
    for p in _LISTS:
        for members in shapes.objects(shape, p):
            found += _members(shapes, members)
    return found


def _shape_depth(shapes: Graph, shape: Node, reach: ShapeReach, visiting: frozenset) -> int:
    """Steps from a focus node to the farthest node whose own triples the shape reads."""
    if shape in visiting:
        reach.problems.append(f"a recursive shape ({shape})")
        return 0
    visiting = visiting | {shape}
    for nonlocal_ in _NONLOCAL:
        if (shape, nonlocal_, None) in shapes:
            reach.problems.append(f"{nonlocal_.n3(shapes.namespace_manager)} on {shape}")
    deepest = max(
        (_shape_depth(shapes, s, reach, visiting) for s in _value_shapes(shapes, shape)), default=0
    )
    path = shapes.value(shape, SH.path)
    if path is not None:  # a property shape: its value shapes apply one path away
        deepest += _path_length(shapes, path, reach)
    for prop in shapes.objects(shape, SH.property):
        deepest = max(deepest, _shape_depth(shapes, prop, reach, visiting))
    return deepest


def shape_reach(shapes: Graph) -> ShapeReach:
    """What validating a focus node reads, over every node shape (see the module docstring)."""
    reach = ShapeReach()
    node_shapes = set(shapes.subjects(RDF.type, SH.NodeShape))
    node_shapes |= set(shapes.subjects(SH.property, None)) - set(shapes.subjects(SH.path, None))
    for target in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode):
        node_shapes |= set(shapes.subjects(target, None))
    for shape in sorted(node_shapes, key=str):
        if isinstance(shape, BNode) and (None, None, shape) in shapes:
            continue  # a nested value shape: counted where it is used
        reach.depth = max(reach.depth, _shape_depth(shapes, shape, reach, frozenset()))
        reach.object_targets |= {p for p in shapes.objects(shape, SH.targetObjectsOf)}  # type: ignore[misc]
    return reach


__all__ = ["ShapeReach", "shape_reach"]
