// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title Merkle roots of the platform's event log, so anyone can prove a record untampered (DESIGN.md, Chain).
/// @notice Only the anchorer role writes; a batch is anchored once. Leaves are built off chain as the OpenZeppelin
///         StandardMerkleTree does, so a proof checks with MerkleProof.verify against the root stored here.
contract AnchorRegistry is AccessControl {
    bytes32 public constant ANCHORER_ROLE = keccak256("ANCHORER_ROLE");

    struct Anchor {
        bytes32 root;
        uint64 leafCount;
        uint64 anchoredAt;
        string metadata;
    }

    mapping(bytes32 batchId => Anchor) private _anchors;

    event Anchored(bytes32 indexed batchId, bytes32 indexed root, uint64 leafCount, string metadata);

    error AlreadyAnchored(bytes32 batchId);
    error EmptyBatch(bytes32 batchId);

    constructor(address admin) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @param metadata what the root covers, e.g. a JSON of topic, partition and offset ranges.
    function anchor(bytes32 batchId, bytes32 root, uint64 leafCount, string calldata metadata)
        external
        onlyRole(ANCHORER_ROLE)
    {
        if (_anchors[batchId].root != bytes32(0)) revert AlreadyAnchored(batchId);
        if (root == bytes32(0) || leafCount == 0) revert EmptyBatch(batchId);
        _anchors[batchId] = Anchor(root, leafCount, uint64(block.timestamp), metadata);
        emit Anchored(batchId, root, leafCount, metadata);
    }

    /// @return the anchor of a batch; root 0 when it was never anchored.
    function anchorOf(bytes32 batchId) external view returns (Anchor memory) {
        return _anchors[batchId];
    }
}
